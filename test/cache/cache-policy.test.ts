import { describe, expect, test } from "bun:test";
import { cacheDecision, type CacheDecision, type CacheSettings } from "../../src/cache/cache-policy.ts";

const on: CacheSettings = { enabled: true, cacheNonDeterministic: false };

function decide(body: Record<string, unknown>, headers: Record<string, string> = {}, settings: CacheSettings = on): CacheDecision {
  return cacheDecision({ body, headers: new Headers(headers), settings });
}

const deterministicBodies: Record<string, Record<string, unknown>> = {
  "openai-chat": { model: "m", messages: [], temperature: 0 },
  anthropic: { model: "m", max_tokens: 10, messages: [], temperature: 0 },
  "openai-responses": { model: "m", input: "Hi", temperature: 0 },
  gemini: { contents: [], generationConfig: { temperature: 0 } },
  "gemini snake_case": { contents: [], generation_config: { temperature: 0 } },
};

const sampledBodies: Record<string, Record<string, unknown>> = {
  "openai-chat": { model: "m", messages: [], temperature: 0.7 },
  anthropic: { model: "m", max_tokens: 10, messages: [] },
  "openai-responses": { model: "m", input: "Hi", temperature: 1 },
  gemini: { contents: [], generationConfig: { temperature: 0.2 } },
  "gemini without config": { contents: [] },
};

describe("cacheDecision", () => {
  for (const [format, body] of Object.entries(deterministicBodies)) {
    test(`${format}: temperature 0 is cached`, () => {
      expect(decide(body)).toEqual({ use: true, reason: "deterministic" });
    });
    test(`${format}: no-cache, no-store and bypass skip it`, () => {
      expect(decide(body, { "cache-control": "no-cache" })).toEqual({ use: false, reason: "client-no-cache" });
      expect(decide(body, { "cache-control": "max-age=0, No-Store" })).toEqual({ use: false, reason: "client-no-cache" });
      expect(decide(body, { "x-amrouter-cache": "bypass" })).toEqual({ use: false, reason: "client-bypass" });
      expect(decide(body, { "x-amrouter-cache": " BYPASS " })).toEqual({ use: false, reason: "client-bypass" });
    });
  }

  for (const [format, body] of Object.entries(sampledBodies)) {
    test(`${format}: sampled requests are not cached by default`, () => {
      expect(decide(body)).toEqual({ use: false, reason: "non-deterministic" });
    });
    test(`${format}: force opts one request in; the setting opts all in`, () => {
      expect(decide(body, { "x-amrouter-cache": "force" })).toEqual({ use: true, reason: "client-force" });
      expect(decide(body, {}, { enabled: true, cacheNonDeterministic: true })).toEqual({ use: true, reason: "non-deterministic-allowed" });
    });
    test(`${format}: bypass wins over the setting`, () => {
      expect(decide(body, { "x-amrouter-cache": "bypass" }, { enabled: true, cacheNonDeterministic: true }).use).toBe(false);
      expect(decide(body, { "cache-control": "no-cache" }, { enabled: true, cacheNonDeterministic: true }).use).toBe(false);
    });
  }

  test("cache-control directives other than no-cache / no-store do not bypass", () => {
    expect(decide(deterministicBodies["openai-chat"]!, { "cache-control": "max-age=60" }).use).toBe(true);
  });

  test("no-cache wins over force", () => {
    expect(decide(sampledBodies["openai-chat"]!, { "cache-control": "no-cache", "x-amrouter-cache": "force" }).use).toBe(false);
  });

  test("an unknown x-amrouter-cache value changes nothing", () => {
    expect(decide(deterministicBodies["openai-chat"]!, { "x-amrouter-cache": "maybe" })).toEqual({ use: true, reason: "deterministic" });
    expect(decide(sampledBodies["openai-chat"]!, { "x-amrouter-cache": "maybe" }).use).toBe(false);
  });

  test("disabled cache: never, even forced", () => {
    const off = { enabled: false, cacheNonDeterministic: true };
    expect(decide(deterministicBodies["openai-chat"]!, { "x-amrouter-cache": "force" }, off)).toEqual({ use: false, reason: "disabled" });
  });

  test("several choices are never cached, even forced or deterministic", () => {
    const always = { enabled: true, cacheNonDeterministic: true };
    expect(decide({ messages: [], temperature: 0, n: 2 }, { "x-amrouter-cache": "force" }, always)).toEqual({ use: false, reason: "multiple-choices" });
    expect(decide({ contents: [], generationConfig: { temperature: 0, candidateCount: 3 } }, { "x-amrouter-cache": "force" }, always)).toEqual({ use: false, reason: "multiple-choices" });
    expect(decide({ contents: [], generation_config: { temperature: 0, candidate_count: 2 } }).use).toBe(false);
    expect(decide({ messages: [], temperature: 0, n: 1 }).use).toBe(true);
    expect(decide({ contents: [], generationConfig: { temperature: 0, candidateCount: 1 } }).use).toBe(true);
  });

  test("a temperature that is not a number is not deterministic", () => {
    expect(decide({ messages: [], temperature: "0" }).use).toBe(false);
    expect(decide({ messages: [], temperature: null }).use).toBe(false);
  });
});
