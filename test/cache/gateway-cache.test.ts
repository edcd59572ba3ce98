// The response cache on the real request path: deterministic requests are answered once and then from the
// cache (as JSON or replayed as a stream, in the client's format, at zero cost); no-cache and bypass skip it;
// identical concurrent requests share one upstream call.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture();
});
afterAll(() => fixture.stop());

const upstreamCalls = (model: string) => fixture.mock.requests.filter((request) => (request.body as { model?: string } | null)?.model === model).length;

async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { cache: response.headers.get("x-amrouter-cache"), text: await response.text() };
}

describe("response cache", () => {
  test("a temperature-0 request is answered once, then from the cache as JSON and as a stream, at zero cost", async () => {
    const body = { model: "mock/gpt-4o-mini", temperature: 0, messages: [{ role: "user", content: "cache me please" }] };
    const first = await chat(body);
    expect(first.cache).toBeNull();
    const before = fixture.usageRecords.length;
    const second = await chat(body);
    expect(second.cache).toBe("hit");
    expect(JSON.parse(second.text).choices[0].message.content).toBe("Echo: cache me please");
    expect(upstreamCalls("gpt-4o-mini")).toBeGreaterThan(0);
    const record = await fixture.nextUsageRecord(before);
    expect(record).toMatchObject({ cacheHit: true, costUsd: 0, status: 200 });
    const streamed = await chat({ ...body, stream: true });
    expect(streamed.cache).toBe("hit");
    expect(streamed.text).toContain("Echo:");
    expect(streamed.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  test("Cache-Control: no-cache and x-amrouter-cache: bypass go upstream; unset temperature is not cached unless forced", async () => {
    const body = { model: "mock/chunk-delay-1", temperature: 0, messages: [{ role: "user", content: "bypass test" }] };
    await chat(body);
    const calls = upstreamCalls("chunk-delay-1");
    expect((await chat(body, { "cache-control": "no-cache" })).cache).toBeNull();
    expect((await chat(body, { "x-amrouter-cache": "bypass" })).cache).toBeNull();
    expect(upstreamCalls("chunk-delay-1")).toBe(calls + 2);
    const free = { model: "mock/chunk-delay-2", messages: [{ role: "user", content: "not deterministic" }] };
    await chat(free);
    expect((await chat(free)).cache).toBeNull();
    await chat(free, { "x-amrouter-cache": "force" });
    expect((await chat(free, { "x-amrouter-cache": "force" })).cache).toBe("hit");
  });

  test("ten identical concurrent requests make one upstream call", async () => {
    const body = { model: "mock/slow-200", temperature: 0, messages: [{ role: "user", content: "coalesce" }] };
    const before = upstreamCalls("slow-200");
    const results = await Promise.all(Array.from({ length: 10 }, () => chat(body)));
    expect(upstreamCalls("slow-200") - before).toBe(1);
    expect(results.filter((result) => result.cache === "coalesced")).toHaveLength(9);
    for (const result of results) expect(JSON.parse(result.text).choices[0].message.content).toBe("Echo: coalesce");
  });

  test("an Anthropic client gets its hit replayed as an Anthropic stream", async () => {
    const client = new Anthropic({ baseURL: fixture.gateway.url, apiKey: "x", maxRetries: 0 });
    const body = { model: "mock/gpt-4o", max_tokens: 50, temperature: 0, messages: [{ role: "user" as const, content: "anthropic cached" }] };
    await client.messages.create(body);
    const before = upstreamCalls("gpt-4o");
    const message = await client.messages.stream(body).finalMessage();
    expect(upstreamCalls("gpt-4o")).toBe(before);
    expect(message.content.map((block) => (block.type === "text" ? block.text : "")).join("")).toBe("Echo: anthropic cached");
  });
});
