// Limits and budgets on the real request path: per-key requests per minute, concurrency and cost budgets answer
// 429 with Retry-After in the client's own error shape, even under concurrent load; a connection's concurrency
// queues briefly and then lets the combo fall through.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let mock: MockUpstream;
let fixture: GatewayFixture;
const keys = {
  perMinute: "amr_perminuteperminuteperminute",
  oneAtATime: "amr_oneatatimeoneatatimeoneatatime",
  budget: "amr_budgetbudgetbudgetbudgetbudget",
};

const catalog = createCatalog([
  { id: "priced", name: "Priced", family: "openai-chat", baseUrl: "https://priced.invalid/v1", auth: { style: "bearer" }, models: [{ id: "expensive", price: { input: 1_000_000, output: 1_000_000 } }] },
]);

beforeAll(async () => {
  mock = await startMockUpstream();
  fixture = await startGatewayFixture({
    mock,
    catalog,
    extraConfig: [
      "  - name: paid",
      "    provider: priced",
      "    baseUrl: {mock}/v1",
      "    apiKey: sk-paid-0123456789",
      "  - name: narrow",
      "    provider: openai-chat",
      "    baseUrl: {mock}/v1",
      "    apiKey: sk-narrow-0123456789",
      "    limits: { concurrentRequests: 1, queueSize: 5, queueTimeoutMs: 3000 }",
      "  - name: strict",
      "    provider: openai-chat",
      "    baseUrl: {mock}/v1",
      "    apiKey: sk-strict-0123456789",
      "    limits: { concurrentRequests: 1, queueSize: 0 }",
      "combos:",
      "  - name: overflow",
      "    models: [strict/slow-300, mock/slow-300]",
      "apiKeys:",
      `  - { name: per-minute, key: ${keys.perMinute}, limits: { requestsPerMinute: 3 } }`,
      `  - { name: one-at-a-time, key: ${keys.oneAtATime}, limits: { concurrentRequests: 1 } }`,
      `  - { name: budget, key: ${keys.budget}, limits: { dailyBudgetUsd: 1 } }`,
      "",
    ].join("\n"),
  });
});
afterAll(async () => {
  await fixture.stop();
  await mock.stop();
});

async function chat(key: string, model = "mock/gpt-4o-mini") {
  const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "limit me" }] }),
  });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), route: response.headers.get("x-amrouter-route"), body: (await response.json()) as any };
}

describe("per-key limits", () => {
  test("requests per minute admit exactly the limit out of many concurrent requests", async () => {
    const results = await Promise.all(Array.from({ length: 9 }, () => chat(keys.perMinute)));
    expect(results.filter((result) => result.status === 200)).toHaveLength(3);
    const refused = results.filter((result) => result.status === 429);
    expect(refused).toHaveLength(6);
    expect(refused[0]!.body.error.code).toBe("rate_limit_exceeded");
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  test("an Anthropic client gets the refusal in Anthropic's error shape", async () => {
    const client = new Anthropic({ baseURL: fixture.gateway.url, apiKey: keys.perMinute, maxRetries: 0 });
    const error = await client.messages.create({ model: "mock/gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: "x" }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  test("concurrent requests beyond the key's limit are refused while one is in flight", async () => {
    const [slow, second] = await Promise.all([chat(keys.oneAtATime, "mock/slow-300"), Bun.sleep(50).then(() => chat(keys.oneAtATime))]);
    expect(slow.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe("concurrency_limit_exceeded");
    expect((await chat(keys.oneAtATime)).status).toBe(200);
  });

  test("a spent budget fails closed until the next day", async () => {
    expect((await chat(keys.budget, "paid/expensive")).status).toBe(200);
    await Bun.sleep(20);
    const refused = await chat(keys.budget, "paid/expensive");
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("budget_exceeded");
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(86_400);
  });
});

describe("per-connection limits", () => {
  test("a connection's concurrency queues requests briefly, serving them one after another", async () => {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 3 }, () => chat("anything", "narrow/slow-200")));
    expect(results.every((result) => result.status === 200)).toBe(true);
    // One at a time: three 200 ms answers cannot all overlap (at least two run one after the other).
    expect(performance.now() - started).toBeGreaterThan(390);
  });

  test("with no room in its queue the combo falls through to the next target", async () => {
    const arrivals = () => mock.requests.filter((request) => (request.body as { model?: string } | null)?.model === "slow-300").length;
    const before = arrivals();
    const first = chat("anything", "overflow");
    for (let waited = 0; arrivals() === before && waited < 2000; waited += 5) await Bun.sleep(5);
    const results = await Promise.all([first, chat("anything", "overflow")]);
    expect(results.map((result) => result.route)).toEqual(["strict/slow-300", "mock/slow-300"]);
  });
});
