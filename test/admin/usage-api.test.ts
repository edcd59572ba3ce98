// /api/usage totals and series, /api/logs with filters, and /api/logs/stream delivering live records.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createApiKey } from "../../src/storage/repositories/api-keys-repository.ts";
import { createSseParser } from "../../src/streaming/sse-parser.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
let adminKey = "";
beforeAll(async () => {
  fixture = await startGatewayFixture();
  adminKey = createApiKey(fixture.gateway.runtime.storage, "automation", { scope: "admin" }).key;
  fixture.gateway.runtime.reload();
});
afterAll(() => fixture.stop());

const admin = (path: string) => fetch(`${fixture.gateway.url}${path}`, { headers: { authorization: `Bearer ${adminKey}` } }).then((response) => response.json() as Promise<any>);

describe("usage API", () => {
  test("totals, groups and the request log reflect the traffic", async () => {
    const client = fixture.client();
    await client.chat.completions.create({ model: "mock/gpt-4o-mini", messages: [{ role: "user", content: "one two three" }] });
    await client.chat.completions.create({ model: "mock/gpt-4o", messages: [{ role: "user", content: "four five" }] });
    await client.chat.completions.create({ model: "mock/error-500", messages: [{ role: "user", content: "x" }] }).catch(() => undefined);
    await Bun.sleep(20);
    const usage = await admin("/api/usage?bucket=hour&groupBy=model");
    expect(usage.totals).toMatchObject({ requests: 3, errors: 1, inputTokens: 5 });
    expect(usage.rows.map((row: { group: string }) => row.group).sort()).toEqual(["error-500", "gpt-4o", "gpt-4o-mini"]);
    const errors = await admin("/api/logs?status=error");
    expect(errors.records).toHaveLength(1);
    expect(errors.records[0]).toMatchObject({ status: 500, connection: "mock" });
    const byModel = await admin("/api/logs?model=mock/gpt-4o&limit=5");
    expect(byModel.records.map((record: { served_model: string }) => record.served_model)).toEqual(["gpt-4o"]);
  });

  test("the live log stream delivers a record as a request finishes", async () => {
    const response = await fetch(`${fixture.gateway.url}/api/logs/stream`, { headers: { authorization: `Bearer ${adminKey}` } });
    const reader = response.body!.getReader();
    await reader.read();
    await fixture.client().chat.completions.create({ model: "mock/gpt-4o-mini", messages: [{ role: "user", content: "live" }] });
    const parser = createSseParser();
    const { value } = await reader.read();
    const events = parser.push(value!);
    expect(events[0]!.event).toBe("usage");
    expect(JSON.parse(events[0]!.data)).toMatchObject({ requestedModel: "mock/gpt-4o-mini", status: 200 });
    await reader.cancel();
  });
});

describe("request inspector", () => {
  test("with capture on, a request's bodies are kept (credentials redacted) and found by its request id", async () => {
    const { writeSetting } = await import("../../src/storage/repositories/settings-repository.ts");
    writeSetting(fixture.gateway.runtime.storage, "capture_bodies", "true");
    fixture.gateway.runtime.reload();
    const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer amr_secretclientkeysecretclientkey" },
      body: JSON.stringify({ model: "mock/gpt-4o-mini", messages: [{ role: "user", content: "inspect my key sk-live-abcdefghijklmnop" }] }),
    });
    const requestId = response.headers.get("x-amrouter-request-id")!;
    await response.text();
    const found = await admin(`/api/logs/${requestId}`);
    expect(found.record).toMatchObject({ request_id: requestId, status: 200 });
    expect(found.capture.request_body).toContain("inspect my key");
    expect(found.capture.request_body).not.toContain("sk-live-abcdefghijklmnop");
    expect(found.capture.response_body).toContain("Echo: inspect my key");
    expect(JSON.stringify(found.capture.request_headers)).not.toContain("amr_secretclientkey");
    writeSetting(fixture.gateway.runtime.storage, "capture_bodies", "false");
    fixture.gateway.runtime.reload();
  });
});

describe("settings take effect", () => {
  test("the log level set from the admin API changes what the running gateway logs", async () => {
    const response = await fetch(`${fixture.gateway.url}/api/settings`, {
      method: "PUT",
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ logLevel: "error" }),
    });
    expect(response.status).toBe(200);
    expect(fixture.gateway.runtime.logger.level).toBe("error");
    await fetch(`${fixture.gateway.url}/api/settings`, {
      method: "PUT",
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ logLevel: "debug" }),
    });
    expect(fixture.gateway.runtime.logger.level).toBe("debug");
  });
});
