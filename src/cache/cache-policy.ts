// Decides, per request, whether the response cache may answer it and store its answer. Only deterministic
// requests are cached by default (temperature 0), because caching a sampled answer would hand every caller the
// same "random" reply; a client opts one request in with `x-amrouter-cache: force`, an operator opts all in with
// `cacheNonDeterministic`. A client opts out with `Cache-Control: no-cache` / `no-store` or
// `x-amrouter-cache: bypass`. A request for several choices (`n`, `candidateCount` > 1) is never cached.
import { asNumber, isObject, type JsonObject } from "../protocol/json-values.ts";
import { field } from "../protocol/gemini/wire-fields.ts";

export type CacheSettings = { enabled: boolean; cacheNonDeterministic: boolean };

export type CacheDecisionReason =
  | "disabled"
  | "multiple-choices"
  | "client-no-cache"
  | "client-bypass"
  | "client-force"
  | "deterministic"
  | "non-deterministic-allowed"
  | "non-deterministic";

export type CacheDecision = { use: boolean; reason: CacheDecisionReason };

export const cacheHeaderName = "x-amrouter-cache";

export function cacheDecision(input: { body: Record<string, unknown>; headers: Headers; settings: CacheSettings }): CacheDecision {
  const { body, headers, settings } = input;
  if (!settings.enabled) return { use: false, reason: "disabled" };
  if (asksForSeveralChoices(body)) return { use: false, reason: "multiple-choices" };
  if (cacheControlForbids(headers.get("cache-control"))) return { use: false, reason: "client-no-cache" };
  const directive = headers.get(cacheHeaderName)?.trim().toLowerCase();
  if (directive === "bypass") return { use: false, reason: "client-bypass" };
  if (directive === "force") return { use: true, reason: "client-force" };
  if (temperatureOf(body) === 0) return { use: true, reason: "deterministic" };
  if (settings.cacheNonDeterministic) return { use: true, reason: "non-deterministic-allowed" };
  return { use: false, reason: "non-deterministic" };
}

function cacheControlForbids(value: string | null): boolean {
  if (!value) return false;
  return value.split(",").some((directive) => {
    const name = directive.split("=")[0]!.trim().toLowerCase();
    return name === "no-cache" || name === "no-store";
  });
}

/** Gemini keeps sampling parameters in `generationConfig` (or `generation_config`); the other formats at the top. */
function generationConfigOf(body: JsonObject): JsonObject | undefined {
  const config = field(body, "generationConfig");
  return isObject(config) ? config : undefined;
}

function temperatureOf(body: JsonObject): number | undefined {
  return asNumber(body.temperature) ?? asNumber(generationConfigOf(body)?.temperature);
}

function asksForSeveralChoices(body: JsonObject): boolean {
  const choices = asNumber(body.n);
  const config = generationConfigOf(body);
  const candidates = config ? asNumber(field(config, "candidateCount")) : undefined;
  return (choices !== undefined && choices > 1) || (candidates !== undefined && candidates > 1);
}
