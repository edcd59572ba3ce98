// Every bad input and every upstream failure reaches the client as an OpenAI error body with the right status,
// never a stack trace, never a credential.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { mockCredential, startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture({
    environment: { MAX_BODY_BYTES: "4096", UPSTREAM_TIMEOUT_MS: "400" },
    extraConfig: "  - name: dead\n    provider: openai-chat\n    baseUrl: http://127.0.0.1:9/v1\n    apiKey: sk-dead-0123456789\n",
  });
});
afterAll(() => fixture.stop());

type ErrorBody = { error: { message: string; type: string; code: string | null; param: string | null } };

async function post(path: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  const response = await fetch(`${fixture.gateway.url}${path}`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as ErrorBody };
}

const chat = (model: string, extra: Record<string, unknown> = {}) => JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], ...extra });

describe("errors in the OpenAI shape", () => {
  test("malformed JSON is a 400 invalid_request_error", async () => {
    const result = await post("/v1/chat/completions", '{"model": "mock/gpt-4o-mini", "messages": [');
    expect(result.status).toBe(400);
    expect(result.json.error.type).toBe("invalid_request_error");
    expect(result.json.error.message).toContain("not valid JSON");
  });

  test("a body sent without a JSON content type (plain curl -d) is still read as JSON", async () => {
    const result = await post("/v1/chat/completions", chat("mock/gpt-4o-mini"), { "content-type": "application/x-www-form-urlencoded" });
    expect(result.status).toBe(200);
  });

  test("wrong types name the field", async () => {
    const wrongModel = await post("/v1/chat/completions", JSON.stringify({ model: 42, messages: [{ role: "user", content: "x" }] }));
    expect(wrongModel.status).toBe(400);
    expect(wrongModel.json.error.param).toBe("model");
    const noMessages = await post("/v1/chat/completions", JSON.stringify({ model: "mock/gpt-4o-mini", messages: "hello" }));
    expect(noMessages.status).toBe(400);
    expect(noMessages.json.error.message).toContain("messages");
    const badEmbedding = await post("/v1/embeddings", JSON.stringify({ model: "mock/x", input: { nested: true } }));
    expect(badEmbedding.status).toBe(400);
  });

  test("an unknown model or connection is a 404 model_not_found", async () => {
    const result = await post("/v1/chat/completions", chat("nowhere/gpt-4o-mini"));
    expect(result.status).toBe(404);
    expect(result.json.error.code).toBe("model_not_found");
    expect(result.json.error.message).toContain("nowhere/gpt-4o-mini");
  });

  test("a body over the limit is a 413 without reaching the upstream", async () => {
    const before = fixture.mock.requests.length;
    const result = await post("/v1/chat/completions", chat("mock/gpt-4o-mini", { padding: "x".repeat(10_000) }));
    expect(result.status).toBe(413);
    expect(result.json.error.code).toBe("request_too_large");
    expect(fixture.mock.requests.length).toBe(before);
  });

  test("an upstream 500 keeps its status and message", async () => {
    const result = await post("/v1/chat/completions", chat("mock/error-500"));
    expect(result.status).toBe(500);
    expect(result.json.error.type).toBe("server_error");
    expect(result.text).not.toContain("at ");
  });

  test("an upstream 429 keeps Retry-After, and the SDK sees a RateLimitError", async () => {
    const result = await post("/v1/chat/completions", chat("mock/rate-limit"));
    expect(result.status).toBe(429);
    expect(result.headers.get("retry-after")).toBe("2");
    expect(result.json.error.code).toBe("rate_limit_exceeded");
    const error = await fixture.client().chat.completions.create({ model: "mock/rate-limit", messages: [{ role: "user", content: "x" }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  });

  test("an upstream 401 that echoes the credential is scrubbed", async () => {
    const result = await post("/v1/chat/completions", chat("mock/error-401"));
    expect(result.status).toBe(401);
    expect(result.text).not.toContain(mockCredential);
  });

  test("an unreachable upstream is a 502 naming the connection, not a stack", async () => {
    const result = await post("/v1/chat/completions", chat("dead/gpt-4o-mini"));
    expect(result.status).toBe(502);
    expect(result.json.error.message).toContain("dead");
    expect(result.text).not.toContain("sk-dead-0123456789");
  });

  test("an upstream that hangs is cut at the timeout with a 504", async () => {
    const started = performance.now();
    const result = await post("/v1/chat/completions", chat("mock/hang"));
    expect(result.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  test("an unknown path is a 404 in the same shape", async () => {
    const response = await fetch(`${fixture.gateway.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.type).toBe("invalid_request_error");
  });

  test("no credential or server secret ever appears in the log", async () => {
    await post("/v1/chat/completions", chat("mock/error-401"));
    const secrets = [mockCredential, "sk-dead-0123456789"];
    for (const line of fixture.logLines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
