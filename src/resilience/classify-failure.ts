// Decides what one failed attempt means for the gateway: which resilience layer it feeds (provider circuit breaker,
// connection cooldown, model lockout, disabled connection, or nothing) and whether the attempt loop may move on to
// the next target. One table for every provider family, so the attempt loop and the state layers never inspect
// statuses or error bodies themselves.
import { GatewayError, UpstreamError, UpstreamTimeoutError, UpstreamUnavailableError } from "../errors/gateway-errors.ts";
import { googleDetails, isRecord, readUpstreamErrorFields, type UpstreamErrorFields } from "./upstream-error-body.ts";

export type FailureKind =
  | "rate-limit"
  | "quota-exhausted"
  | "authentication"
  | "permission"
  | "model-not-found"
  | "context-too-long"
  | "bad-request"
  | "server"
  | "timeout"
  | "network"
  | "client-closed"
  | "other";

/**
 * provider: counts toward the provider's circuit breaker. connection: cools the connection down.
 * model: locks this model on this connection. disable-connection: disabled until its credentials change.
 * none: no state changes.
 */
export type FailureScope = "provider" | "connection" | "model" | "disable-connection" | "none";

export type FailureClass = {
  kind: FailureKind;
  scope: FailureScope;
  /** May the attempt loop try the next target? (For context-too-long: only targets with a larger context.) */
  fallThrough: boolean;
  needsLargerContext?: boolean;
  /** The upstream HTTP status, when there was one (for messages and the admin view). */
  status?: number;
};

const quotaCodes = new Set(["insufficient_quota", "billing_error", "enforced_spend_limit_reached", "billing_hard_limit_reached", "billing_not_active"]);
const quotaMessage = /insufficient[ _]quota|exceeded your current quota|credit balance is too low|specified api usage limits|spend(ing)? limit|billing/i;
const contextCodes = new Set(["context_length_exceeded", "model_context_window_exceeded"]);
const contextMessage = /prompt is too long|input is too long|maximum context length|input token count|context[ _]length|context window|context limit/i;
const invalidKeyMessage = /api key not valid|api key expired|invalid api key/i;

/** Statuses implied by an error type when the HTTP status says nothing (an error event inside a 200 stream). */
const statusForType: Record<string, number> = {
  invalid_request_error: 400,
  invalid_argument: 400,
  failed_precondition: 400,
  authentication_error: 401,
  unauthenticated: 401,
  billing_error: 402,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  not_found: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  resource_exhausted: 429,
  insufficient_quota: 429,
  api_error: 500,
  server_error: 500,
  internal: 500,
  unavailable: 503,
  timeout_error: 504,
  deadline_exceeded: 504,
  overloaded_error: 529,
};

type Signals = { codes: Set<string>; message: string; fields: UpstreamErrorFields };

function signalsOf(error: UpstreamError, body: unknown): Signals {
  const fields = readUpstreamErrorFields(body);
  const codes = new Set<string>();
  for (const value of [error.code, error.upstreamType, fields.code, fields.type, fields.status, fields.detailCode]) {
    if (value) codes.add(value.toLowerCase());
  }
  for (const info of googleDetails(fields, "google.rpc.ErrorInfo")) {
    if (typeof info.reason === "string") codes.add(info.reason.toLowerCase());
  }
  return { codes, message: `${fields.message ?? ""} ${error.message}`, fields };
}

const anyOf = (codes: Set<string>, wanted: Set<string>) => [...codes].some((code) => wanted.has(code));

/** A Gemini QuotaFailure violation that names a model (quotaDimensions.model, or a "...PerModel" quota id). */
function quotaFailureScope(fields: UpstreamErrorFields): "model" | "connection" | undefined {
  const failures = googleDetails(fields, "google.rpc.QuotaFailure");
  if (failures.length === 0) return undefined;
  for (const failure of failures) {
    const violations = Array.isArray(failure.violations) ? failure.violations : [];
    for (const violation of violations) {
      if (!isRecord(violation)) continue;
      const dimensions = violation.quotaDimensions;
      if (isRecord(dimensions) && typeof dimensions.model === "string") return "model";
      if (typeof violation.quotaId === "string" && /permodel/i.test(violation.quotaId)) return "model";
    }
  }
  return "connection";
}

function isQuotaExhausted(signals: Signals): boolean {
  return anyOf(signals.codes, quotaCodes) || quotaMessage.test(signals.message);
}

function isContextTooLong(signals: Signals): boolean {
  return anyOf(signals.codes, contextCodes) || contextMessage.test(signals.message);
}

function fromStatus(status: number, signals: Signals): FailureClass {
  const failure = (kind: FailureKind, scope: FailureScope, fallThrough: boolean): FailureClass => ({ kind, scope, fallThrough, status });
  if (status === 429) {
    const quotaScope = quotaFailureScope(signals.fields);
    if (quotaScope) return failure("quota-exhausted", quotaScope, true);
    if (isQuotaExhausted(signals)) return failure("quota-exhausted", "connection", true);
    return failure("rate-limit", "connection", true);
  }
  if (status === 402) return failure("quota-exhausted", "connection", true);
  if (status === 401) return failure("authentication", "disable-connection", true);
  if (status === 403) return failure("permission", "disable-connection", true);
  if (status === 404) return failure("model-not-found", "model", true);
  if (status === 408 || status >= 500) return failure("server", "provider", true);
  if (status === 409 || status === 425) return failure("other", "none", true);
  if (status >= 400) {
    // Gemini answers a bad or expired key with 400 INVALID_ARGUMENT and ErrorInfo reason API_KEY_INVALID.
    if (signals.codes.has("api_key_invalid") || (status === 400 && invalidKeyMessage.test(signals.message))) {
      return failure("authentication", "disable-connection", true);
    }
    // Anthropic reports an empty credit balance or a reached usage limit as a 400.
    if (status === 400 && isQuotaExhausted(signals)) return failure("quota-exhausted", "connection", true);
    if (isContextTooLong(signals)) return { ...failure("context-too-long", "none", true), needsLargerContext: true };
    return failure("bad-request", "none", false);
  }
  return failure("other", "none", false);
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

/**
 * Classifies a failed attempt. `body` is the parsed upstream error body (or its raw text); without it, Anthropic's
 * details.error_code and Gemini's QuotaFailure/ErrorInfo details cannot be seen and a quota error is judged from its
 * code, type and message only.
 */
export function classifyFailure(error: unknown, body?: unknown): FailureClass {
  if (hasCode(error, "client_closed_request")) return { kind: "client-closed", scope: "none", fallThrough: false };
  if (error instanceof UpstreamTimeoutError || hasCode(error, "upstream_timeout")) return { kind: "timeout", scope: "provider", fallThrough: true };
  if (error instanceof UpstreamUnavailableError || hasCode(error, "upstream_unavailable")) return { kind: "network", scope: "provider", fallThrough: true };
  if (error instanceof UpstreamError) {
    const signals = signalsOf(error, body);
    if (error.status >= 400) return fromStatus(error.status, signals);
    for (const code of signals.codes) {
      const status = statusForType[code];
      if (status !== undefined) return { ...fromStatus(status, signals), status: error.status };
    }
    return { kind: "other", scope: "none", fallThrough: false, status: error.status };
  }
  if (error instanceof GatewayError && error.kind === "timeout") return { kind: "timeout", scope: "provider", fallThrough: true };
  return { kind: "other", scope: "none", fallThrough: false };
}
