// Signing in from the dashboard (/api/oauth) against the local mock OAuth provider, with test catalog entries whose
// oauth blocks point at it: a device-code login approved by the mock, after which a chat request through the new
// connection reaches the upstream with the access token as Bearer; a PKCE login over the loopback redirect (the
// browser simulated by following the authorize URL's redirects); paste mode with the code#state the provider's page
// shows; refusals reported as failed; cancel; token import; and authentication on every endpoint. No response may
// carry a token or the device code.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { errorResponse, toGatewayError } from "../../src/http/error-response.ts";
import { oauthLoginRoutes } from "../../src/http/admin/oauth-login-routes.ts";
import { parseToken } from "../../src/oauth/oauth-token.ts";
import { createApiKey } from "../../src/storage/repositories/api-keys-repository.ts";
import { findConnectionRow } from "../../src/storage/repositories/connections-repository.ts";
import { browse, startMockOAuthServer } from "../oauth/mock-oauth-server.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

const password = "oauth-login-password-123";
const oauth = startMockOAuthServer();
const seenAuthorization: string[] = [];
const upstream = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request) {
    const token = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    if (new URL(request.url).pathname.endsWith("/models")) return Response.json({ data: [] });
    seenAuthorization.push(token);
    if (!oauth.isValidAccessToken(token)) return Response.json({ error: { message: "invalid token" } }, { status: 401 });
    return Response.json({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "m1",
      choices: [{ index: 0, message: { role: "assistant", content: "signed in" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
  },
});
const upstreamUrl = `http://127.0.0.1:${upstream.port}/v1`;
const manualPage = "https://manual.example.test/oauth/code";

const catalog = createCatalog([
  { id: "mock-device", name: "Mock Device", family: "openai-chat", baseUrl: upstreamUrl, auth: { style: "oauth", flow: "device-code" }, oauth: oauth.settings({ flow: "device-code" }), models: [{ id: "m1" }] },
  { id: "mock-pkce", name: "Mock PKCE", family: "openai-chat", baseUrl: upstreamUrl, auth: { style: "oauth", flow: "pkce" }, oauth: oauth.settings(), models: [{ id: "m1" }] },
  { id: "mock-paste", name: "Mock Paste", family: "openai-chat", baseUrl: upstreamUrl, auth: { style: "oauth", flow: "pkce" }, oauth: oauth.settings({ manualRedirectUri: manualPage, tokenRequestFormat: "json" }), models: [{ id: "m1" }] },
  { id: "mock-import", name: "Mock Import", family: "openai-chat", baseUrl: upstreamUrl, auth: { style: "oauth", flow: "token-import" }, models: [{ id: "m1" }] },
]);

let fixture: GatewayFixture;
let session = "";
let adminKey = "";
/** The same routes on the gateway's runtime with a sleep that does not wait, so device-code polls (5 s apart at the mock) run at once. */
let fastApp: { stop(): Promise<unknown> };
let fastUrl = "";
const responses: string[] = [];

beforeAll(async () => {
  fixture = await startGatewayFixture({ catalog, environment: { INITIAL_PASSWORD: password } });
  adminKey = createApiKey(fixture.gateway.runtime.storage, "automation", { scope: "admin" }).key;
  fixture.gateway.runtime.reload();
  const login = await fetch(`${fixture.gateway.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) });
  session = login.headers.get("set-cookie")!.split(";")[0]!;
  const runtime = fixture.gateway.runtime;
  const app = new Elysia()
    .onError(({ code, error }) => errorResponse(toGatewayError({ code, error }, runtime.logger), "openai"))
    .use(oauthLoginRoutes(runtime, { sleep: async () => {} }))
    .listen({ hostname: "127.0.0.1", port: 0 });
  fastApp = app;
  fastUrl = `http://127.0.0.1:${app.server!.port}`;
});

afterAll(async () => {
  await fastApp?.stop();
  await fixture?.stop();
  oauth.stop();
  void upstream.stop(true);
});

beforeEach(() => {
  oauth.deviceScript = [];
  oauth.authorizeError = undefined;
  oauth.forgeState = undefined;
});

type Call = { status: number; json: any; text: string };

async function call(method: string, path: string, body?: unknown, options: { base?: string; headers?: Record<string, string> } = {}): Promise<Call> {
  const headers = options.headers ?? { cookie: session, "x-amrouter-csrf": "1" };
  const response = await fetch(`${options.base ?? fixture.gateway.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  responses.push(text);
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

const fast = (method: string, path: string, body?: unknown) => call(method, path, body, { base: fastUrl, headers: { authorization: `Bearer ${adminKey}` } });

async function waitForOutcome(loginId: string, caller: (method: string, path: string) => Promise<Call> = call): Promise<Call> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const polled = await caller("GET", `/api/oauth/logins/${loginId}`);
    if (polled.status !== 200 || polled.json.status !== "pending") return polled;
    await Bun.sleep(20);
  }
  throw new Error("the login stayed pending");
}

async function chat(model: string) {
  return fetch(`${fixture.gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
}

function storedAccessToken(name: string): string {
  const row = findConnectionRow(fixture.gateway.runtime.storage, name)!;
  return parseToken(fixture.gateway.runtime.cipher.decrypt(row.credentialEncrypted!))!.accessToken;
}

describe("authentication", () => {
  test("every endpoint answers 401 without a session, and 403 for a cookie state change without the CSRF header", async () => {
    const anonymous = { headers: {} };
    expect((await call("POST", "/api/oauth/mock-device/start", {}, anonymous)).status).toBe(401);
    expect((await call("GET", "/api/oauth/logins/abc", undefined, anonymous)).status).toBe(401);
    expect((await call("POST", "/api/oauth/logins/abc/code", { code: "x" }, anonymous)).status).toBe(401);
    expect((await call("DELETE", "/api/oauth/logins/abc", undefined, anonymous)).status).toBe(401);
    expect((await call("POST", "/api/oauth/mock-import/import", { token: "abc" }, anonymous)).status).toBe(401);
    expect((await call("POST", "/api/oauth/mock-device/start", {}, { headers: { cookie: session } })).status).toBe(403);
    expect((await call("POST", "/api/oauth/mock-import/import", { token: "abc" }, { headers: { cookie: session } })).status).toBe(403);
    expect(oauth.hits.device).toBe(0);
  });
});

describe("device code", () => {
  test("start shows the user code; the mock approves; the connection is created and a chat request carries the token", async () => {
    oauth.deviceScript = ["pending", "slow_down"];
    const started = await fast("POST", "/api/oauth/mock-device/start", {});
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ flow: "device-code", status: "pending", provider: "mock-device", connection: "mock-device", userCode: "ABCD-1234", verificationUri: `${oauth.url}/device` });
    expect(started.json.verificationUriComplete).toContain("user_code=ABCD-1234");
    expect(started.json.expiresAt).toBeGreaterThan(Date.now());
    expect(started.text).not.toMatch(/device-\d/);

    const outcome = await waitForOutcome(started.json.loginId, fast);
    expect(outcome.json).toMatchObject({ status: "done", connection: "mock-device", created: true });
    expect(outcome.json.userCode).toBeUndefined();

    const listed = await call("GET", "/api/connections/mock-device");
    expect(listed.json).toMatchObject({ provider: "mock-device", hasCredential: true, usable: true, problem: null });
    const accessToken = storedAccessToken("mock-device");
    expect(oauth.isValidAccessToken(accessToken)).toBe(true);

    const reply = await chat("mock-device/m1");
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as any).choices[0].message.content).toBe("signed in");
    expect(seenAuthorization.at(-1)).toBe(accessToken);
  });

  test("a refusal ends the login as failed with a clear error, and no connection is created", async () => {
    oauth.deviceScript = ["pending", "deny"];
    const started = await fast("POST", "/api/oauth/mock-device/start", { name: "refused-device" });
    expect(started.status).toBe(200);
    const outcome = await waitForOutcome(started.json.loginId, fast);
    expect(outcome.json.status).toBe("failed");
    expect(outcome.json.error).toMatch(/refused/i);
    expect(findConnectionRow(fixture.gateway.runtime.storage, "refused-device")).toBeUndefined();
  });

  test("start fails at once when the provider refuses the device request", async () => {
    const provider = catalog.get("mock-device")!;
    const saved = provider.oauth!.clientId;
    provider.oauth!.clientId = "unknown-client";
    try {
      const started = await fast("POST", "/api/oauth/mock-device/start", { name: "bad-client" });
      expect(started.status).toBe(502);
      expect(started.json.error.message).toContain("invalid_client");
    } finally {
      provider.oauth!.clientId = saved;
    }
  });
});

describe("PKCE", () => {
  test("loopback: the browser follows the authorize URL to the gateway's receiver; the login is done", async () => {
    const started = await call("POST", "/api/oauth/mock-pkce/start", { name: "pkce-loopback" });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ flow: "pkce", mode: "loopback", status: "pending", connection: "pkce-loopback" });
    const authorizeUrl = new URL(started.json.authorizeUrl);
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${oauth.url}/authorize`);
    expect(authorizeUrl.searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const page = await browse(started.json.authorizeUrl);
    expect(page.status).toBe(200);
    const outcome = await waitForOutcome(started.json.loginId);
    expect(outcome.json).toMatchObject({ status: "done", connection: "pkce-loopback", created: true });

    const reply = await chat("pkce-loopback/m1");
    expect(reply.status).toBe(200);
    expect(seenAuthorization.at(-1)).toBe(storedAccessToken("pkce-loopback"));
  });

  test("loopback: the redirect URL pasted from another machine's browser also completes it", async () => {
    const started = await call("POST", "/api/oauth/mock-pkce/start", { name: "pkce-remote" });
    const redirect = await fetch(started.json.authorizeUrl, { redirect: "manual" });
    const submitted = await call("POST", `/api/oauth/logins/${started.json.loginId}/code`, { code: redirect.headers.get("location") });
    expect(submitted.status).toBe(200);
    expect(submitted.json.status).toBe("done");
  });

  test("paste: the provider's page shows code#state; a code from another login is refused without ending this one", async () => {
    const started = await call("POST", "/api/oauth/mock-paste/start", { name: "pkce-paste" });
    expect(started.json).toMatchObject({ flow: "pkce", mode: "paste", status: "pending" });
    const authorizeUrl = new URL(started.json.authorizeUrl);
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(manualPage);

    const redirect = await fetch(started.json.authorizeUrl, { redirect: "manual" });
    const landed = new URL(redirect.headers.get("location")!);
    expect(landed.origin + landed.pathname).toBe(manualPage);
    const code = landed.searchParams.get("code")!;
    const state = landed.searchParams.get("state")!;

    const wrongState = await call("POST", `/api/oauth/logins/${started.json.loginId}/code`, { code: `${code}#not-this-login` });
    expect(wrongState.status).toBe(400);
    expect(wrongState.json.error.code).toBe("state_mismatch");
    expect((await call("GET", `/api/oauth/logins/${started.json.loginId}`)).json.status).toBe("pending");

    const submitted = await call("POST", `/api/oauth/logins/${started.json.loginId}/code`, { code: `  ${code}#${state}\n` });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ status: "done", connection: "pkce-paste", created: true });
    expect(oauth.lastTokenRequest!.fields.state).toBe(state);
    expect((await chat("pkce-paste/m1")).status).toBe(200);

    const again = await call("POST", `/api/oauth/logins/${started.json.loginId}/code`, { code: "x#y" });
    expect(again.status).toBe(409);
  });

  test("paste: a code the token endpoint refuses fails the login with the provider's reason", async () => {
    const started = await call("POST", "/api/oauth/mock-paste/start", { name: "pkce-bad-code" });
    const state = new URL(started.json.authorizeUrl).searchParams.get("state");
    const submitted = await call("POST", `/api/oauth/logins/${started.json.loginId}/code`, { code: `made-up-code#${state}` });
    expect(submitted.json.status).toBe("failed");
    expect(submitted.json.error).toContain("invalid_grant");
    expect(findConnectionRow(fixture.gateway.runtime.storage, "pkce-bad-code")).toBeUndefined();
  });

  test("a refusal at the authorize page ends the login as failed", async () => {
    oauth.authorizeError = "access_denied";
    const started = await call("POST", "/api/oauth/mock-pkce/start", { name: "pkce-denied" });
    // The flow closes the receiver as soon as the refusal arrives, which can cut the refusal page off (see the report).
    await browse(started.json.authorizeUrl).catch(() => undefined);
    const outcome = await waitForOutcome(started.json.loginId);
    expect(outcome.json.status).toBe("failed");
    expect(outcome.json.error).toContain("access_denied");
    expect(findConnectionRow(fixture.gateway.runtime.storage, "pkce-denied")).toBeUndefined();
  });

  test("cancel closes the loopback receiver and forgets the login", async () => {
    const started = await call("POST", "/api/oauth/mock-pkce/start", { name: "pkce-cancelled" });
    const redirectUri = new URL(started.json.authorizeUrl).searchParams.get("redirect_uri")!;
    const cancelled = await call("DELETE", `/api/oauth/logins/${started.json.loginId}`);
    expect(cancelled.json).toEqual({ cancelled: true });
    expect((await call("GET", `/api/oauth/logins/${started.json.loginId}`)).status).toBe(404);
    await Bun.sleep(20);
    await expect(fetch(`${redirectUri}?code=x&state=y`)).rejects.toThrow();
  });

  test("a newer login for the same connection replaces the pending one, even on a fixed redirect port", async () => {
    const settings = catalog.get("mock-pkce")!.oauth!;
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const fixedPort = probe.port!;
    await probe.stop(true);
    settings.redirectPort = fixedPort;
    try {
      const first = await call("POST", "/api/oauth/mock-pkce/start", { name: "pkce-twice" });
      expect(first.status).toBe(200);
      const second = await call("POST", "/api/oauth/mock-pkce/start", { name: "pkce-twice" });
      expect(second.status).toBe(200);
      expect(new URL(second.json.authorizeUrl).searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${fixedPort}/callback`);
      const replaced = await call("GET", `/api/oauth/logins/${first.json.loginId}`);
      expect(replaced.json.status).toBe("failed");
      expect(replaced.json.error).toContain("newer sign-in");

      // Another connection cannot take the port while this login holds it, and says why.
      const busy = await call("POST", "/api/oauth/mock-pkce/start", { name: "pkce-other" });
      expect(busy.status).toBe(502);
      expect(busy.json.error.message).toContain(`Port ${fixedPort} is in use`);

      await browse(second.json.authorizeUrl);
      expect((await waitForOutcome(second.json.loginId)).json.status).toBe("done");
    } finally {
      settings.redirectPort = 0;
    }
  });
});

describe("import and refusals", () => {
  test("an imported token response is stored on a new connection, and a chat request uses it", async () => {
    const pair = oauth.issue();
    const imported = await call("POST", "/api/oauth/mock-import/import", { token: JSON.stringify({ access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: 3600 }) });
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ created: true, renewable: true, connection: { name: "mock-import", hasCredential: true } });
    expect(imported.json.expiresAt).toBeGreaterThan(Date.now());
    expect((await chat("mock-import/m1")).status).toBe(200);
    expect(seenAuthorization.at(-1)).toBe(pair.accessToken);

    const again = await call("POST", "/api/oauth/mock-import/import", { token: oauth.issue().accessToken });
    expect(again.json).toMatchObject({ created: false, renewable: false });
  });

  test("a file path, garbage, unknown providers, API-key providers, import-only flows and name clashes are refused", async () => {
    const path = await call("POST", "/api/oauth/mock-import/import", { token: "~/.claude/.credentials.json" });
    expect(path.status).toBe(400);
    expect(path.json.error.message).toContain("contents");
    expect((await call("POST", "/api/oauth/mock-import/import", { token: "two words" })).status).toBe(400);
    expect((await call("POST", "/api/oauth/nope/start", {})).status).toBe(404);
    expect((await call("POST", "/api/oauth/openai-chat/start", {})).status).toBe(400);
    expect((await call("POST", "/api/oauth/mock-import/start", {})).json.error.code).toBe("import_only");
    const clash = await call("POST", "/api/oauth/mock-pkce/start", { name: "mock" });
    expect(clash.status).toBe(409);
    expect((await call("POST", "/api/oauth/mock-pkce/start", { name: "bad name!" })).status).toBe(400);
    expect((await call("GET", "/api/oauth/logins/unknown")).status).toBe(404);
  });
});

describe("limits", () => {
  test("logins are bounded in number and in time", async () => {
    const runtime = fixture.gateway.runtime;
    const app = new Elysia()
      .onError(({ code, error }) => errorResponse(toGatewayError({ code, error }, runtime.logger), "openai"))
      .use(oauthLoginRoutes(runtime, { maxLogins: 2, browserTimeoutMs: 200 }))
      .listen({ hostname: "127.0.0.1", port: 0 });
    const limited = (method: string, path: string, body?: unknown) =>
      call(method, path, body, { base: `http://127.0.0.1:${app.server!.port}`, headers: { authorization: `Bearer ${adminKey}` } });
    try {
      const first = await limited("POST", "/api/oauth/mock-pkce/start", { name: "limited-1" });
      expect((await limited("POST", "/api/oauth/mock-pkce/start", { name: "limited-2" })).status).toBe(200);
      const third = await limited("POST", "/api/oauth/mock-pkce/start", { name: "limited-3" });
      expect(third.status).toBe(429);
      expect(third.json.error.code).toBe("too_many_logins");

      const expired = await waitForOutcome(first.json.loginId, limited);
      expect(expired.json.status).toBe("failed");
      expect(expired.json.error).toMatch(/no sign-in arrived/i);
      // Finished logins make room for new ones.
      await waitForOutcome((await limited("POST", "/api/oauth/mock-pkce/start", { name: "limited-3" })).json.loginId, limited);
    } finally {
      await app.stop();
    }
  });
});

test("the endpoints are in the OpenAPI document", async () => {
  const spec = (await (await fetch(`${fixture.gateway.url}/swagger/json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(spec.paths)).toEqual(
    expect.arrayContaining(["/api/oauth/{provider}/start", "/api/oauth/{provider}/import", "/api/oauth/logins/{loginId}", "/api/oauth/logins/{loginId}/code"]),
  );
});

test("no response carried a token", () => {
  expect(responses.length).toBeGreaterThan(20);
  for (const text of responses) expect(text).not.toMatch(/(access|refresh|device|copilot)-\d+/);
});
