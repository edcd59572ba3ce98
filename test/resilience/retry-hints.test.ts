// Retry hints and quotas are read the way each provider sends them: OpenAI durations, Anthropic RFC 3339 resets,
// Gemini RetryInfo in the body, and the standard Retry-After in both its forms.
import { describe, expect, test } from "bun:test";
import { parseDurationMs, parseQuota, parseRetryHint } from "../../src/resilience/retry-hints.ts";

const now = Date.parse("2024-06-01T12:00:00Z");
const headers = (values: Record<string, string>) => new Headers(values);

describe("parseDurationMs", () => {
  test.each([
    ["6m0s", 360_000],
    ["1m30s", 90_000],
    ["12ms", 12],
    ["2s", 2000],
    ["0.5s", 500],
    ["37s", 37_000],
    ["1.5s", 1500],
    ["1h2m3s", 3_723_000],
    ["2m59.56s", 179_560],
    ["250us", 0.25],
    ["3", 3000],
  ])("%s is %d ms", (text, milliseconds) => {
    expect(parseDurationMs(text)).toBeCloseTo(milliseconds, 6);
  });

  test.each(["", "soon", "5 minutes", "1x", "-2s", "2s junk"])("%p is not a duration", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe("parseRetryHint", () => {
  test("retry-after-ms wins over retry-after (OpenAI SDK order)", () => {
    const hint = parseRetryHint({ status: 429, headers: headers({ "retry-after-ms": "1500", "retry-after": "20" }), now });
    expect(hint).toEqual({ retryAtMs: now + 1500, source: "retry-after-ms" });
  });

  test("retry-after in seconds", () => {
    expect(parseRetryHint({ status: 429, headers: headers({ "retry-after": "2" }), now })).toEqual({ retryAtMs: now + 2000, source: "retry-after" });
  });

  test("retry-after as an HTTP date", () => {
    const hint = parseRetryHint({ status: 503, headers: headers({ "retry-after": "Sat, 01 Jun 2024 12:00:45 GMT" }), now });
    expect(hint).toEqual({ retryAtMs: now + 45_000, source: "retry-after" });
  });

  test("a hint in the past means now", () => {
    const hint = parseRetryHint({ status: 429, headers: headers({ "retry-after": "Sat, 01 Jun 2024 11:00:00 GMT" }), now });
    expect(hint.retryAtMs).toBe(now);
  });

  test("an unreadable retry-after falls back to the other hints", () => {
    const hint = parseRetryHint({
      status: 429,
      headers: headers({ "retry-after": "later", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1s" }),
      now,
    });
    expect(hint).toEqual({ retryAtMs: now + 1000, source: "x-ratelimit-reset-requests" });
  });

  test("OpenAI: the reset of the exhausted bucket (requests), not the other one", () => {
    // The example of platform.openai.com/docs/guides/rate-limits, with the request bucket used up.
    const hint = parseRetryHint({
      status: 429,
      headers: headers({
        "x-ratelimit-limit-requests": "60",
        "x-ratelimit-limit-tokens": "150000",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-remaining-tokens": "149984",
        "x-ratelimit-reset-requests": "1s",
        "x-ratelimit-reset-tokens": "6m0s",
      }),
      now,
    });
    expect(hint).toEqual({ retryAtMs: now + 1000, source: "x-ratelimit-reset-requests" });
  });

  test("OpenAI: the exhausted token bucket", () => {
    const hint = parseRetryHint({
      status: 429,
      headers: headers({
        "x-ratelimit-remaining-requests": "59",
        "x-ratelimit-remaining-tokens": "0",
        "x-ratelimit-reset-requests": "12ms",
        "x-ratelimit-reset-tokens": "1m30s",
      }),
      now,
    });
    expect(hint).toEqual({ retryAtMs: now + 90_000, source: "x-ratelimit-reset-tokens" });
  });

  test("OpenAI: no bucket at zero takes the latest reset", () => {
    const hint = parseRetryHint({
      status: 429,
      headers: headers({
        "x-ratelimit-remaining-requests": "3",
        "x-ratelimit-remaining-tokens": "10",
        "x-ratelimit-reset-requests": "0.5s",
        "x-ratelimit-reset-tokens": "2s",
      }),
      now,
    });
    expect(hint).toEqual({ retryAtMs: now + 2000, source: "x-ratelimit-reset-tokens" });
  });

  test("Anthropic: the reset of the exhausted bucket", () => {
    const hint = parseRetryHint({
      status: 429,
      headers: headers({
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "12",
        "anthropic-ratelimit-requests-reset": "2024-06-01T12:00:05Z",
        "anthropic-ratelimit-tokens-limit": "100000",
        "anthropic-ratelimit-tokens-remaining": "0",
        "anthropic-ratelimit-tokens-reset": "2024-06-01T12:00:20Z",
        "anthropic-ratelimit-input-tokens-limit": "80000",
        "anthropic-ratelimit-input-tokens-remaining": "0",
        "anthropic-ratelimit-input-tokens-reset": "2024-06-01T12:00:30Z",
        "anthropic-ratelimit-output-tokens-limit": "20000",
        "anthropic-ratelimit-output-tokens-remaining": "20000",
        "anthropic-ratelimit-output-tokens-reset": "2024-06-01T12:01:00Z",
      }),
      now,
    });
    // Both token buckets are empty: usable again when the later of the two resets.
    expect(hint).toEqual({ retryAtMs: now + 30_000, source: "anthropic-ratelimit-input-tokens-reset" });
  });

  test("Anthropic: no exhausted bucket takes the latest reset", () => {
    const hint = parseRetryHint({
      status: 429,
      headers: headers({
        "anthropic-ratelimit-requests-remaining": "1",
        "anthropic-ratelimit-requests-reset": "2024-06-01T12:00:05Z",
        "anthropic-ratelimit-output-tokens-remaining": "5",
        "anthropic-ratelimit-output-tokens-reset": "2024-06-01T12:00:09.500Z",
      }),
      now,
    });
    expect(hint).toEqual({ retryAtMs: now + 9500, source: "anthropic-ratelimit-output-tokens-reset" });
  });

  test("Anthropic: retry-after takes precedence over the reset headers", () => {
    const hint = parseRetryHint({
      status: 429,
      headers: headers({ "retry-after": "2", "anthropic-ratelimit-requests-remaining": "0", "anthropic-ratelimit-requests-reset": "2024-06-01T12:00:05Z" }),
      now,
    });
    expect(hint).toEqual({ retryAtMs: now + 2000, source: "retry-after" });
  });

  const geminiBody = (retryDelay: unknown) => ({
    error: {
      code: 429,
      message: "You exceeded your current quota, please check your plan and billing details.",
      status: "RESOURCE_EXHAUSTED",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.QuotaFailure",
          violations: [
            {
              quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
              quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
              quotaDimensions: { location: "global", model: "gemini-2.0-flash" },
              quotaValue: "15",
            },
          ],
        },
        { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay },
      ],
    },
  });

  test.each([
    ["37s", 37_000],
    ["1.5s", 1500],
    ["0.250s", 250],
  ])("Gemini: RetryInfo.retryDelay %s", (retryDelay, milliseconds) => {
    const hint = parseRetryHint({ status: 429, headers: headers({}), body: geminiBody(retryDelay), now });
    expect(hint).toEqual({ retryAtMs: now + milliseconds, source: "google.rpc.RetryInfo" });
  });

  test("Gemini: the body may be raw text, or a stream's error array", () => {
    const body = geminiBody("37s");
    expect(parseRetryHint({ status: 429, headers: headers({}), body: JSON.stringify(body), now }).retryAtMs).toBe(now + 37_000);
    expect(parseRetryHint({ status: 429, headers: headers({}), body: [body], now }).retryAtMs).toBe(now + 37_000);
  });

  test("Gemini: RetryInfo as a {seconds, nanos} object", () => {
    const hint = parseRetryHint({ status: 429, headers: headers({}), body: geminiBody({ seconds: "3", nanos: 500_000_000 }), now });
    expect(hint.retryAtMs).toBe(now + 3500);
  });

  test("no hint: success responses, missing headers, reset headers outside a 429, junk bodies", () => {
    expect(parseRetryHint({ status: 200, headers: headers({ "retry-after": "5" }), now })).toEqual({});
    expect(parseRetryHint({ status: 429, headers: headers({}), now })).toEqual({});
    expect(parseRetryHint({ status: 500, headers: headers({ "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1s" }), now })).toEqual({});
    expect(parseRetryHint({ status: 429, headers: headers({}), body: "not json", now })).toEqual({});
    expect(parseRetryHint({ status: 429, headers: headers({}), body: { error: { details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "soon" }] } }, now })).toEqual({});
  });
});

describe("parseQuota", () => {
  test("OpenAI request bucket", () => {
    const quota = parseQuota(
      headers({ "x-ratelimit-limit-requests": "60", "x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s" }),
      now,
    );
    expect(quota).toEqual({ limit: 60, remaining: 59, resetAt: now + 1000 });
  });

  test("Anthropic request bucket", () => {
    const quota = parseQuota(
      headers({
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "49",
        "anthropic-ratelimit-requests-reset": "2024-06-01T12:00:01Z",
      }),
      now,
    );
    expect(quota).toEqual({ limit: 50, remaining: 49, resetAt: now + 1000 });
  });

  test("epoch-second resets of OpenAI-compatible servers", () => {
    const quota = parseQuota(
      headers({ "x-ratelimit-limit-requests": "20", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": String(now / 1000 + 30) }),
      now,
    );
    expect(quota).toEqual({ limit: 20, remaining: 0, resetAt: now + 30_000 });
  });

  test("incomplete or unreadable headers give nothing", () => {
    expect(parseQuota(headers({}), now)).toBeUndefined();
    expect(parseQuota(headers({ "x-ratelimit-limit-requests": "60", "x-ratelimit-remaining-requests": "59" }), now)).toBeUndefined();
    expect(parseQuota(headers({ "x-ratelimit-limit-requests": "lots", "x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s" }), now)).toBeUndefined();
  });
});
