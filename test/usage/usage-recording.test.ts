// Usage and cost are recorded for every request, priced from the catalog (cached tokens at their discount),
// written to SQLite in batches with an hourly rollup, and flushed completely on shutdown.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { startGateway } from "../../src/start-gateway.ts";
import { openStorage } from "../../src/storage/database.ts";
import { startMockUpstream } from "../mock-upstream/mock-server.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

const catalog = createCatalog([
  {
    id: "priced",
    name: "Priced test provider",
    family: "openai-chat",
    baseUrl: "https://priced.invalid/v1",
    auth: { style: "bearer" },
    models: [{ id: "gpt-cached", price: { input: 2, output: 8, cachedInput: 0.5 } }],
  },
]);

describe("usage records", () => {
  test("cost comes from catalog prices with cached input discounted; records reach SQLite and the hourly rollup", async () => {
    const mock = await startMockUpstream();
    const data = temporaryDirectory();
    const config = join(data, "amrouter.yaml");
    writeFileSync(config, `connections:\n  - name: paid\n    provider: priced\n    baseUrl: ${mock.url}/v1\n    apiKey: sk-paid-0123456789\n`);
    const gateway = await startGateway({ port: 0, configFile: config }, { DATA_DIR: data }, { catalog, logger: createLogger("error", () => {}), usage: { intervalMs: 60_000 } });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "x", maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: "paid/gpt-cached", messages: [{ role: "user", content: "one two three four five" }] });
    expect(completion.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6, prompt_tokens_details: { cached_tokens: 3 } });
    let streamedText = "";
    for await (const chunk of await client.chat.completions.create({ model: "paid/gpt-cached", stream: true, messages: [{ role: "user", content: "one two three four five" }] })) {
      streamedText += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(streamedText).toBe("Echo: one two three four five");
    await client.chat.completions.create({ model: "paid/error-500", messages: [{ role: "user", content: "x" }] }).catch(() => undefined);
    await Bun.sleep(50);
    expect(gateway.runtime.usage.pending).toBe(3);
    await gateway.stop();
    await mock.stop();

    const storage = openStorage(join(data, "amrouter.db"));
    const rows = storage.sqlite.query("SELECT * FROM usage_records ORDER BY id").all() as Array<Record<string, number | string | null>>;
    expect(rows).toHaveLength(3);
    const expectedCost = (2 * 2 + 3 * 0.5 + 6 * 8) / 1_000_000;
    for (const row of rows.slice(0, 2)) {
      expect(row).toMatchObject({ connection: "paid", provider: "priced", served_model: "gpt-cached", status: 200, input_tokens: 5, cached_input_tokens: 3, output_tokens: 6 });
      expect(row.cost_usd as number).toBeCloseTo(expectedCost, 12);
    }
    expect(rows[1]!.stream).toBe(1);
    expect(rows[1]!.first_token_ms).not.toBeNull();
    expect(rows[2]).toMatchObject({ status: 500, cost_usd: 0 });
    const hourly = storage.sqlite.query("SELECT SUM(requests) AS requests, SUM(errors) AS errors, SUM(input_tokens) AS input, SUM(cost_usd) AS cost FROM usage_hourly").get() as Record<string, number>;
    expect(hourly).toMatchObject({ requests: 3, errors: 1, input: 10 });
    expect(hourly.cost!).toBeCloseTo(expectedCost * 2, 12);
    storage.close();
  });

  test("a connection's own price overrides the catalog's", async () => {
    const mock = await startMockUpstream();
    const data = temporaryDirectory();
    const config = join(data, "amrouter.yaml");
    writeFileSync(config, `connections:\n  - name: discounted\n    provider: priced\n    baseUrl: ${mock.url}/v1\n    apiKey: sk-paid-0123456789\n    prices: { gpt-cached: { input: 1, output: 1, cachedInput: 1 } }\n`);
    const gateway = await startGateway({ port: 0, configFile: config }, { DATA_DIR: data }, { catalog, logger: createLogger("error", () => {}) });
    const records: Array<{ costUsd: number }> = [];
    gateway.runtime.usage.subscribe((record) => records.push(record));
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "x", maxRetries: 0 });
    await client.chat.completions.create({ model: "discounted/gpt-cached", messages: [{ role: "user", content: "one two three four five" }] });
    expect(records[0]!.costUsd).toBeCloseTo((5 + 6) / 1_000_000, 12);
    await gateway.stop();
    await mock.stop();
  });

  test("an upstream that reports no usage in a stream is counted by estimate and marked so", async () => {
    const upstream = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () =>
        new Response(
          `data: ${JSON.stringify({ id: "x", choices: [{ index: 0, delta: { content: "twelve chars" } }] })}\n\ndata: ${JSON.stringify({ id: "x", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
          { headers: { "content-type": "text/event-stream" } },
        ),
    });
    const data = temporaryDirectory();
    const config = join(data, "amrouter.yaml");
    writeFileSync(config, `connections:\n  - name: quiet\n    provider: openai-chat\n    baseUrl: http://127.0.0.1:${upstream.port}/v1\n    apiKey: sk-quiet-0123456789\n`);
    const gateway = await startGateway({ port: 0, configFile: config }, { DATA_DIR: data }, { logger: createLogger("error", () => {}) });
    const records: Array<{ estimated: boolean; inputTokens: number; outputTokens: number }> = [];
    gateway.runtime.usage.subscribe((record) => records.push(record));
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "x", maxRetries: 0 });
    for await (const chunk of await client.chat.completions.create({ model: "quiet/m", stream: true, messages: [{ role: "user", content: "a prompt of some length" }] })) void chunk;
    await Bun.sleep(20);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ estimated: true, outputTokens: 3 });
    expect(records[0]!.inputTokens).toBeGreaterThan(0);
    await gateway.stop();
    upstream.stop(true);
  });
});
