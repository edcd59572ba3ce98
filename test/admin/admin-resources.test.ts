// The admin API behind the dashboard: connections (credentials write-only, settings, validated against the catalog,
// effective at once), the provider catalog, combos (strategies, targets, cycles), keys (shown once, revocable,
// limits), settings, route explain, resilience, the playground, and authentication on every new route.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { createApiKey } from "../../src/storage/repositories/api-keys-repository.ts";
import { findConnectionRow } from "../../src/storage/repositories/connections-repository.ts";
import { readSetting } from "../../src/storage/repositories/settings-repository.ts";
import { connectionsTable } from "../../src/storage/schema.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

const password = "resources-password-123";
const secret = "sk-admin-test-secret-credential-9876543210";
let fixture: GatewayFixture;
let session = "";
let adminKey = "";

beforeAll(async () => {
  fixture = await startGatewayFixture({ environment: { INITIAL_PASSWORD: password } });
  adminKey = createApiKey(fixture.gateway.runtime.storage, "automation", { scope: "admin" }).key;
  fixture.gateway.runtime.reload();
  const login = await fetch(`${fixture.gateway.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) });
  session = login.headers.get("set-cookie")!.split(";")[0]!;
});
afterAll(() => fixture.stop());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { cookie: session, "x-amrouter-csrf": "1" }) {
  const response = await fetch(`${fixture.gateway.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

describe("authentication on the resource routes", () => {
  test("no session is a 401, a client-side state change without the CSRF header a 403, an admin key works", async () => {
    for (const path of ["/api/connections", "/api/providers", "/api/combos", "/api/keys", "/api/settings", "/api/health/resilience", "/api/setup", "/api/usage/export"]) {
      expect((await call("GET", path, undefined, {})).status).toBe(401);
    }
    expect((await call("POST", "/api/connections", { name: "x", provider: "openai" }, { cookie: session })).status).toBe(403);
    expect((await call("POST", "/api/combos", { name: "x", targets: ["mock/a"] }, { cookie: session, "x-amrouter-csrf": "1", origin: "https://evil.example" })).status).toBe(403);
    expect((await call("GET", "/api/connections", undefined, { authorization: `Bearer ${adminKey}` })).status).toBe(200);
  });
});

describe("connections", () => {
  test("a new connection stores its credential encrypted and never returns it", async () => {
    const created = await call("POST", "/api/connections", { name: "second", provider: "openai-chat", baseUrl: `${fixture.mock.url}/v1/`, apiKey: secret, models: ["gpt-4o-mini"] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "second", hasCredential: true, baseUrl: `${fixture.mock.url}/v1`, usable: true });
    expect(created.text).not.toContain(secret);
    const listed = await call("GET", "/api/connections");
    expect(listed.text).not.toContain(secret);
    expect(listed.json.connections.map((connection: { name: string }) => connection.name)).toEqual(expect.arrayContaining(["mock", "second"]));
    const completion = await fixture.client().chat.completions.create({ model: "second/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]!.message.content).toBe("Echo: hi");
  });

  test("bad input is refused with the field that is wrong", async () => {
    expect((await call("POST", "/api/connections", { name: "x", provider: "no-such-provider" })).json.error.param).toBe("provider");
    expect((await call("POST", "/api/connections", { name: "x", provider: "openai-chat" })).json.error.code).toBe("base_url_required");
    expect((await call("POST", "/api/connections", { name: "x", provider: "openai", baseUrl: "ftp://example.com" })).json.error.code).toBe("invalid_base_url");
    expect((await call("POST", "/api/connections", { name: "has/slash", provider: "openai" })).status).toBe(400);
    expect((await call("POST", "/api/connections", { name: "second", provider: "openai" })).status).toBe(409);
  });

  test("editing keeps the stored credential, disabling takes effect at once, removal too", async () => {
    const edited = await call("PATCH", "/api/connections/second", { priority: 5 });
    expect(edited.json).toMatchObject({ priority: 5, hasCredential: true });
    const tested = await call("POST", "/api/connections/second/test", {});
    expect(tested.json).toMatchObject({ ok: true, model: "gpt-4o-mini", route: "second/gpt-4o-mini" });
    expect(tested.json.latencyMs).toBeGreaterThanOrEqual(0);
    const failing = await call("POST", "/api/connections/second/test", { model: "error-401" });
    expect(failing.json).toMatchObject({ ok: false, status: 401 });
    expect(failing.json.error.message.length).toBeGreaterThan(0);

    await call("PATCH", "/api/connections/second", { enabled: false });
    const refused = await fixture.client().chat.completions.create({ model: "second/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).then(
      () => undefined,
      (error: { status?: number }) => error,
    );
    expect(refused?.status).toBe(403);
    expect((await call("DELETE", "/api/connections/second")).json).toEqual({ deleted: true, referencedBy: [] });
    expect((await call("GET", "/api/connections/second")).status).toBe(404);
  });

  test("settings round-trip: trimmed, empty ones left to the catalog default, kept (with limits and prices) by other edits, unknown names refused", async () => {
    const created = await call("POST", "/api/connections", { name: "vx", provider: "vertex", apiKey: "ya29.admin-test-token", settings: { project: " my-project ", location: "" } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      configuredSettings: { project: "my-project" },
      settings: { project: "my-project", location: "us-central1" },
      baseUrl: "https://us-central1-aiplatform.googleapis.com",
    });
    const moved = await call("PATCH", "/api/connections/vx", { settings: { project: "my-project", location: "europe-west4" } });
    expect(moved.json).toMatchObject({ configuredSettings: { project: "my-project", location: "europe-west4" }, baseUrl: "https://europe-west4-aiplatform.googleapis.com" });
    const storage = fixture.gateway.runtime.storage;
    storage.orm.update(connectionsTable).set({ limits: { requestsPerMinute: 5 }, prices: { "gemini-2.5-pro": { input: 1, output: 2 } } }).where(eq(connectionsTable.name, "vx")).run();
    await call("PATCH", "/api/connections/vx", { priority: 4 });
    expect(findConnectionRow(storage, "vx")).toMatchObject({ limits: { requestsPerMinute: 5 }, prices: { "gemini-2.5-pro": { input: 1, output: 2 } } });
    expect((await call("GET", "/api/connections/vx")).json).toMatchObject({ priority: 4, configuredSettings: { project: "my-project", location: "europe-west4" }, hasCredential: true });
    expect(fixture.gateway.runtime.connections.byName("vx")!.settings).toEqual({ project: "my-project", location: "europe-west4" });

    const typo = await call("PATCH", "/api/connections/vx", { settings: { projet: "x" } });
    expect(typo.status).toBe(400);
    expect(typo.json.error).toMatchObject({ code: "unknown_setting", param: "settings.projet" });
    expect(typo.json.error.message).toContain("project, location");
    expect((await call("POST", "/api/connections", { name: "no-settings", provider: "openai", settings: { region: "x" } })).json.error.code).toBe("unknown_setting");
    expect((await call("DELETE", "/api/connections/vx")).json.deleted).toBe(true);
  });
});

describe("provider catalog", () => {
  test("lists the whole catalog and searches it", async () => {
    const all = await call("GET", "/api/providers");
    expect(all.json.total).toBeGreaterThanOrEqual(160);
    const found = await call("GET", "/api/providers?search=anthropic");
    expect(found.json.providers.map((provider: { id: string }) => provider.id)).toContain("anthropic");
    const one = await call("GET", "/api/providers/openai");
    expect(one.json.models.length).toBeGreaterThan(0);
    expect(one.json.settings).toEqual([]);
  });

  test("each provider carries the settings a connection gives, with label, description, default and whether it is required", async () => {
    const vertex = (await call("GET", "/api/providers?search=vertex")).json.providers.find((provider: { id: string }) => provider.id === "vertex");
    expect(vertex.settings).toEqual([
      { name: "project", label: "Project", description: expect.stringContaining("project id"), default: null, required: false },
      { name: "location", label: "Location", description: expect.any(String), default: "us-central1", required: false },
    ]);
    const watsonx = (await call("GET", "/api/providers/watsonx")).json;
    expect(watsonx.settings.map((setting: { name: string }) => setting.name)).toEqual(["region", "project_id", "space_id", "iamUrl", "version"]);
    expect(watsonx.settings[1]).toMatchObject({ label: "Project ID", default: null });
    expect((await call("GET", "/api/providers/bedrock-converse")).json.settings).toEqual([
      { name: "region", label: "Region", description: expect.stringContaining("AWS region"), default: null, required: true },
    ]);
  });
});

describe("combos", () => {
  test("create, reorder, explain and delete, with strategies, targets and cycles checked", async () => {
    const strategies = await call("GET", "/api/combos/strategies");
    expect(strategies.json.strategies.find((strategy: { name: string }) => strategy.name === "priority").description.length).toBeGreaterThan(10);
    const created = await call("POST", "/api/combos", { name: "team", strategy: "priority", targets: ["mock/gpt-4o", "mock/gpt-4o-mini"] });
    expect(created.status).toBe(201);
    expect((await call("POST", "/api/combos", { name: "bad-strategy", strategy: "magic", targets: ["mock/x"] })).json.error.code).toBe("unknown_strategy");
    expect((await call("POST", "/api/combos", { name: "bad-target", targets: ["nowhere/x"] })).json.error.code).toBe("invalid_target");
    expect((await call("POST", "/api/combos", { name: "mock", targets: ["mock/x"] })).status).toBe(409);
    expect((await call("POST", "/api/combos", { name: "outer", targets: ["team"] })).status).toBe(201);
    expect((await call("PATCH", "/api/combos/team", { targets: ["combo:outer"] })).json.error.code).toBe("combo_cycle");
    expect((await call("PATCH", "/api/combos/team", { targets: ["mock/gpt-4o-mini", "mock/gpt-4o"] })).json.targets).toEqual(["mock/gpt-4o-mini", "mock/gpt-4o"]);
    const explained = await call("POST", "/api/route/explain", { model: "outer" });
    expect(explained.json.candidates.map((candidate: { target: string }) => candidate.target)).toEqual(["mock/gpt-4o-mini", "mock/gpt-4o"]);
    expect((await call("POST", "/api/route/explain", { model: "nothing-here" })).json).toMatchObject({ resolved: false, error: { code: "model_not_found" } });
    expect((await call("DELETE", "/api/combos/team")).status).toBe(409);
    expect((await call("DELETE", "/api/combos/outer")).json).toEqual({ deleted: true });
    expect((await call("DELETE", "/api/combos/team")).json).toEqual({ deleted: true });
  });
});

describe("API keys", () => {
  test("the key is shown once, works, carries limits, and stops working when revoked", async () => {
    const created = await call("POST", "/api/keys", { name: "dashboard-app", limits: { requestsPerMinute: 30 } });
    expect(created.status).toBe(201);
    const key: string = created.json.key;
    expect(key).toStartWith("amr_");
    expect(created.json.limits).toEqual({ requestsPerMinute: 30, tokensPerMinute: null, monthlyBudgetUsd: null });
    const listed = await call("GET", "/api/keys");
    expect(listed.text).not.toContain(key);
    expect(fixture.gateway.runtime.apiKeys.identify(key)?.name).toBe("dashboard-app");
    const patched = await call("PATCH", `/api/keys/${created.json.id}`, { limits: { monthlyBudgetUsd: 12.5 } });
    expect(patched.json.limits).toEqual({ requestsPerMinute: 30, tokensPerMinute: null, monthlyBudgetUsd: 12.5 });
    expect((await call("POST", "/api/keys", { name: "dashboard-app" })).status).toBe(409);
    const revoked = await call("DELETE", `/api/keys/${created.json.id}`);
    expect(revoked.json.revokedAt).toBeNumber();
    expect(fixture.gateway.runtime.apiKeys.identify(key)).toBeUndefined();
  });
});

describe("settings, setup, resilience and playground", () => {
  test("settings are validated and stored one database key each", async () => {
    expect((await call("GET", "/api/settings")).json).toMatchObject({ retentionDays: 30, captureBodies: false });
    expect((await call("PUT", "/api/settings", { retentionDays: 0 })).status).toBe(400);
    const saved = await call("PUT", "/api/settings", { retentionDays: 7, captureBodies: true });
    expect(saved.json).toMatchObject({ retentionDays: 7, captureBodies: true });
    expect(readSetting(fixture.gateway.runtime.storage, "retention_days")).toBe("7");
    expect(readSetting(fixture.gateway.runtime.storage, "capture_bodies")).toBe("true");
  });

  test("setup says whether the initial password is still in use", async () => {
    const state = await call("GET", "/api/setup");
    expect(state.json).toMatchObject({ initialPasswordInUse: true, setupDone: false });
    expect((await call("POST", "/api/setup/done")).json.setupDone).toBe(true);
  });

  test("resilience state comes with recovery times (or an empty shape)", async () => {
    const state = await call("GET", "/api/health/resilience");
    expect(state.json).toMatchObject({ breakers: expect.any(Array), cooldowns: expect.any(Array), lockouts: expect.any(Array) });
  });

  test("the playground answers in the asked client format, streamed", async () => {
    const streamed = await call("POST", "/api/playground", { format: "anthropic", model: "mock/gpt-4o-mini", stream: true, body: { max_tokens: 64, messages: [{ role: "user", content: "from the playground" }] } });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get("content-type")).toContain("text/event-stream");
    expect(streamed.text).toContain("event: content_block_delta");
    expect(streamed.headers.get("x-amrouter-route")).toBe("mock/gpt-4o-mini");
  });

  test("usage can be filtered and exported as CSV", async () => {
    fixture.gateway.runtime.usage.flush();
    const breakdown = await call("GET", "/api/usage/breakdown?groupBy=model&bucket=hour");
    expect(breakdown.json.rows.length).toBeGreaterThan(0);
    const exported = await call("GET", "/api/usage/export");
    expect(exported.headers.get("content-type")).toContain("text/csv");
    expect(exported.text.split("\n")[0]).toStartWith("id,timestamp,");
    expect(exported.text).toContain("mock/gpt-4o-mini");
  });
});
