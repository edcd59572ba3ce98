// The failure table: which layer each upstream failure feeds and whether the attempt loop may move on. Errors are
// built by the real readUpstreamError from bodies shaped like each provider's documented answers.
import { describe, expect, test } from "bun:test";
import { GatewayError, UpstreamError, UpstreamTimeoutError, UpstreamUnavailableError } from "../../src/errors/gateway-errors.ts";
import { classifyFailure, type FailureClass } from "../../src/resilience/classify-failure.ts";
import { readUpstreamError } from "../../src/upstream/read-upstream-error.ts";
import { ClientClosedError } from "../../src/upstream/send-upstream.ts";

async function classify(status: number, body: unknown, options: { passBody?: boolean } = {}): Promise<FailureClass> {
  const error = await readUpstreamError(new Response(JSON.stringify(body), { status }), "test-connection");
  return classifyFailure(error, options.passBody === false ? undefined : body);
}

const openAI = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });
const anthropic = (type: string, message: string, details?: unknown) => ({ type: "error", error: { type, message, ...(details ? { details } : {}) }, request_id: "req_011" });
const gemini = (code: number, status: string, message: string, details?: unknown[]) => ({ error: { code, message, status, ...(details ? { details } : {}) } });

const geminiPerModelQuota = gemini(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", [
  {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [
      {
        quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
        quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
        quotaDimensions: { location: "global", model: "gemini-2.0-flash-exp" },
        quotaValue: "10",
      },
    ],
  },
  { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "37s" },
]);

const geminiProjectQuota = gemini(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Generate Content API requests per minute'.", [
  {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_requests", quotaId: "GenerateRequestsPerMinutePerProject" }],
  },
]);

type Row = [string, number, unknown, Partial<FailureClass>];

const table: Row[] = [
  ["OpenAI rate limit", 429, openAI("Rate limit reached for gpt-4o in organization org-x on requests per min (RPM): Limit 60, Used 60, Requested 1.", "requests", "rate_limit_exceeded"), { kind: "rate-limit", scope: "connection", fallThrough: true }],
  ["OpenAI insufficient_quota", 429, openAI("You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota"), { kind: "quota-exhausted", scope: "connection", fallThrough: true }],
  ["Anthropic rate limit", 429, anthropic("rate_limit_error", "This request would exceed the rate limit for your organization of 50 requests per minute."), { kind: "rate-limit", scope: "connection", fallThrough: true }],
  ["Anthropic spend limit", 429, anthropic("rate_limit_error", "You have reached your spend limit.", { error_code: "enforced_spend_limit_reached" }), { kind: "quota-exhausted", scope: "connection", fallThrough: true }],
  ["Gemini per-model quota", 429, geminiPerModelQuota, { kind: "quota-exhausted", scope: "model", fallThrough: true }],
  ["Gemini per-project quota", 429, geminiProjectQuota, { kind: "quota-exhausted", scope: "connection", fallThrough: true }],
  // Without a QuotaFailure detail, RESOURCE_EXHAUSTED is Google's plain "too many requests".
  ["Gemini bare RESOURCE_EXHAUSTED", 429, gemini(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."), { kind: "rate-limit", scope: "connection", fallThrough: true }],
  ["Anthropic billing 402", 402, anthropic("billing_error", "Your credit balance is too low to access the Anthropic API."), { kind: "quota-exhausted", scope: "connection", fallThrough: true }],
  ["Anthropic credit balance 400", 400, anthropic("invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."), { kind: "quota-exhausted", scope: "connection", fallThrough: true }],
  ["OpenAI 401", 401, openAI("Incorrect API key provided", "invalid_request_error", "invalid_api_key"), { kind: "authentication", scope: "disable-connection", fallThrough: true }],
  ["Anthropic 401", 401, anthropic("authentication_error", "invalid x-api-key"), { kind: "authentication", scope: "disable-connection", fallThrough: true }],
  ["Gemini invalid key (400)", 400, gemini(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }]), { kind: "authentication", scope: "disable-connection", fallThrough: true }],
  ["OpenAI 403", 403, openAI("Country, region, or territory not supported", "request_forbidden", "unsupported_country_region_territory"), { kind: "permission", scope: "disable-connection", fallThrough: true }],
  ["Gemini 403", 403, gemini(403, "PERMISSION_DENIED", "Permission denied: Consumer 'api_key:x' has been suspended."), { kind: "permission", scope: "disable-connection", fallThrough: true }],
  ["OpenAI model_not_found", 404, openAI("The model `gpt-9` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"), { kind: "model-not-found", scope: "model", fallThrough: true }],
  ["Anthropic not_found_error", 404, anthropic("not_found_error", "model: claude-9"), { kind: "model-not-found", scope: "model", fallThrough: true }],
  ["Gemini NOT_FOUND", 404, gemini(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent."), { kind: "model-not-found", scope: "model", fallThrough: true }],
  ["OpenAI context_length_exceeded", 400, openAI("This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", "invalid_request_error", "context_length_exceeded"), { kind: "context-too-long", scope: "none", fallThrough: true, needsLargerContext: true }],
  ["Anthropic prompt is too long", 400, anthropic("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"), { kind: "context-too-long", scope: "none", fallThrough: true, needsLargerContext: true }],
  ["Anthropic context limit", 400, anthropic("invalid_request_error", "input length and `max_tokens` exceed context limit: 197626 + 21333 > 200000, decrease input length or `max_tokens` and try again"), { kind: "context-too-long", needsLargerContext: true }],
  ["Gemini input token count", 400, gemini(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."), { kind: "context-too-long", scope: "none", fallThrough: true, needsLargerContext: true }],
  ["OpenAI bad request", 400, openAI("Invalid value for 'temperature'.", "invalid_request_error", "invalid_value"), { kind: "bad-request", scope: "none", fallThrough: false }],
  ["Gemini INVALID_ARGUMENT", 400, gemini(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"foo\"."), { kind: "bad-request", scope: "none", fallThrough: false }],
  ["Anthropic 413", 413, anthropic("request_too_large", "Request exceeds the maximum allowed number of bytes."), { kind: "bad-request", scope: "none", fallThrough: false }],
  ["422", 422, { detail: "Unprocessable" }, { kind: "bad-request", scope: "none", fallThrough: false }],
  ["408", 408, { error: "timeout" }, { kind: "server", scope: "provider", fallThrough: true }],
  ["OpenAI 500", 500, openAI("The server had an error while processing your request.", "server_error", null), { kind: "server", scope: "provider", fallThrough: true }],
  ["Gemini 503", 503, gemini(503, "UNAVAILABLE", "The model is overloaded. Please try again later."), { kind: "server", scope: "provider", fallThrough: true }],
  ["Anthropic 529", 529, anthropic("overloaded_error", "Overloaded"), { kind: "server", scope: "provider", fallThrough: true }],
  ["409 conflict", 409, openAI("Conflict", "invalid_request_error", null), { kind: "other", scope: "none", fallThrough: true }],
];

describe("classifyFailure: upstream answers", () => {
  test.each(table)("%s (HTTP %d)", async (_name, status, body, expected) => {
    const failure = await classify(status, body);
    expect(failure).toMatchObject({ ...expected, status });
    if (expected.kind !== "context-too-long") expect(failure.needsLargerContext).toBeUndefined();
  });

  test("without the body, quota errors are still recognised from code, type and message", async () => {
    expect(await classify(429, openAI("You exceeded your current quota.", "insufficient_quota", "insufficient_quota"), { passBody: false })).toMatchObject({ kind: "quota-exhausted", scope: "connection" });
    // Gemini's per-model detail is lost without the body: the whole connection is cooled instead of one model locked.
    expect(await classify(429, geminiPerModelQuota, { passBody: false })).toMatchObject({ kind: "quota-exhausted", scope: "connection" });
    // Anthropic's error_code is only in the body: a plain rate limit without it.
    expect(await classify(429, anthropic("rate_limit_error", "Too many requests.", { error_code: "enforced_spend_limit_reached" }), { passBody: false })).toMatchObject({ kind: "rate-limit" });
  });

  test("an error event inside a 200 stream is classified by its type", () => {
    const overloaded = new UpstreamError("Overloaded", 200, false, null, "overloaded_error", {}, "anthropic");
    expect(classifyFailure(overloaded)).toMatchObject({ kind: "server", scope: "provider", status: 200 });
    const exhausted = new UpstreamError("Resource has been exhausted", 200, false, null, "RESOURCE_EXHAUSTED", {}, "gemini");
    expect(classifyFailure(exhausted)).toMatchObject({ kind: "rate-limit", scope: "connection" });
    const billing = new UpstreamError("Your credit balance is too low", 200, false, null, "billing_error", {}, "anthropic");
    expect(classifyFailure(billing)).toMatchObject({ kind: "quota-exhausted", scope: "connection" });
    expect(classifyFailure(new UpstreamError("?", 200, false))).toEqual({ kind: "other", scope: "none", fallThrough: false, status: 200 });
  });
});

describe("classifyFailure: no upstream answer", () => {
  test("timeout and unreachable count against the provider", () => {
    expect(classifyFailure(new UpstreamTimeoutError("slow"))).toEqual({ kind: "timeout", scope: "provider", fallThrough: true });
    expect(classifyFailure(new UpstreamUnavailableError("ECONNREFUSED"))).toEqual({ kind: "network", scope: "provider", fallThrough: true });
    expect(classifyFailure(new GatewayError("idle", 504, "timeout"))).toEqual({ kind: "timeout", scope: "provider", fallThrough: true });
  });

  test("a client that went away stops everything and blames nobody", () => {
    expect(classifyFailure(new ClientClosedError())).toEqual({ kind: "client-closed", scope: "none", fallThrough: false });
    expect(classifyFailure({ code: "client_closed_request" })).toMatchObject({ kind: "client-closed" });
  });

  test("anything else is other, with no fall-through", () => {
    expect(classifyFailure(new Error("bug"))).toEqual({ kind: "other", scope: "none", fallThrough: false });
    expect(classifyFailure("string")).toEqual({ kind: "other", scope: "none", fallThrough: false });
    expect(classifyFailure(null)).toEqual({ kind: "other", scope: "none", fallThrough: false });
  });
});
