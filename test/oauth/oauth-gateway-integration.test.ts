import { afterAll, expect, test } from "bun:test";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { runProvidersList } from "../../src/cli/providers-command.ts";
import { markConnectionNeedsLogin } from "../../src/oauth/oauth-connection-store.ts";
import { serializeToken, parseToken } from "../../src/oauth/oauth-token.ts";
import { upsertConnection, findConnectionRow } from "../../src/storage/repositories/connections-repository.ts";
import { startGatewayFixture } from "../support/gateway-fixture.ts";
import { startMockOAuthServer } from "../oauth/mock-oauth-server.ts";
import { applyConfigFile } from "../../src/config/apply-config-file.ts";
import { readConfigFile } from "../../src/config/config-file.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const oauth = startMockOAuthServer();
const rejected = new Set<string>();
let seenAuth: string[] = [];
const upstream = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    const token = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    seenAuth.push(token);
    if (new URL(request.url).pathname.endsWith("/models")) return Response.json({ data: [] });
    if (rejected.has(token) || !oauth.isValidAccessToken(token)) return Response.json({ error: { message: "invalid token" } }, { status: 401 });
    return Response.json({ id: "x", object: "chat.completion", created: 1, model: "m1", choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
  },
});
afterAll(() => {
  oauth.stop();
  void upstream.stop(true);
});

test("401 → one refresh → one retry; revoked refresh → needs login, skipped, listed", async () => {
  const catalog = createCatalog([
    { id: "mock-oauth", name: "Mock OAuth", family: "openai-chat", baseUrl: `http://127.0.0.1:${upstream.port}/v1`, auth: { style: "oauth", flow: "pkce" }, oauth: oauth.settings(), models: [{ id: "m1" }] },
  ]);
  const fixture = await startGatewayFixture({ catalog });
  try {
    const runtime = fixture.gateway.runtime;
    const first = oauth.issue();
    upsertConnection(runtime.storage, runtime.cipher, { name: "sub", provider: "mock-oauth", credential: serializeToken({ ...first, expiresAt: Date.now() + 3_600_000, obtainedAt: Date.now() }) });
    runtime.reload();
    rejected.add(first.accessToken);
    const refreshes = oauth.hits.refresh;
    seenAuth = [];
    const reply = await fetch(`${fixture.gateway.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "sub/m1", messages: [{ role: "user", content: "x" }] }) });
    expect(reply.status).toBe(200);
    expect(oauth.hits.refresh).toBe(refreshes + 1);
    expect(seenAuth.length).toBe(2);
    expect(seenAuth[0]).toBe(first.accessToken);
    const stored = parseToken(runtime.cipher.decrypt(findConnectionRow(runtime.storage, "sub")!.credentialEncrypted!))!;
    expect(stored.accessToken).toBe(seenAuth[1]!);

    // Revoke everything: the next 401 refresh fails with invalid_grant.
    rejected.add(stored.accessToken);
    oauth.revoke(stored.refreshToken!);
    const failed = await fetch(`${fixture.gateway.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "sub/m1", messages: [{ role: "user", content: "x" }] }) });
    expect(failed.status).toBe(401);
    expect(runtime.connections.byName("sub")!.problem).toContain("needs login");
    const refreshesAfter = oauth.hits.refresh;
    const skipped = await fetch(`${fixture.gateway.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "sub/m1", messages: [{ role: "user", content: "x" }] }) });
    expect(skipped.status).toBe(403);
    expect(await skipped.text()).toContain("needs login");
    expect(oauth.hits.refresh).toBe(refreshesAfter);
    const lines: string[] = [];
    upsertConnection(runtime.storage, runtime.cipher, { name: "copilot", provider: "github-copilot" });
    upsertConnection(runtime.storage, runtime.cipher, { name: "claude", provider: "claude-code", credential: serializeToken({ accessToken: "a", obtainedAt: 0 }) });
    markConnectionNeedsLogin(runtime.storage, "claude", "invalid_grant");
    await runProvidersList({ settings: runtime.settings, storage: runtime.storage, print: (line) => lines.push(line) }, { json: true });
    const rows = JSON.parse(lines[0]!) as Array<{ name: string; status: string }>;
    expect(rows.find((row) => row.name === "copilot")!.status).toBe("needs login");
    expect(rows.find((row) => row.name === "claude")!.status).toBe("needs login");

    // A config file that declares the connection without a key keeps the login across boots.
    const configPath = join(fixture.dataDirectory, "with-sub.yaml");
    writeFileSync(configPath, `connections:\n  - name: sub\n    provider: mock-oauth\n`);
    applyConfigFile(runtime.storage, runtime.cipher, readConfigFile(configPath, catalog));
    expect(parseToken(runtime.cipher.decrypt(findConnectionRow(runtime.storage, "sub")!.credentialEncrypted!))!.accessToken).toBe(stored.accessToken);
  } finally {
    await fixture.stop();
  }
});

test("a GitHub Copilot connection sends the editor headers the Copilot API expects, with its exchanged token", async () => {
  const fixture = await startGatewayFixture();
  try {
    const runtime = fixture.gateway.runtime;
    const token = { accessToken: "tid=copilot-api-token", expiresAt: Date.now() + 1_800_000, obtainedAt: Date.now() };
    upsertConnection(runtime.storage, runtime.cipher, { name: "copilot", provider: "github-copilot", baseUrl: `${fixture.mock.url}/v1`, credential: serializeToken(token) });
    runtime.reload();
    const reply = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "copilot/echo-headers", messages: [{ role: "user", content: "x" }] }),
    });
    expect(reply.status).toBe(200);
    const completion = (await reply.json()) as { choices: Array<{ message: { content: string } }> };
    const seen = JSON.parse(completion.choices[0]!.message.content.replace(/^Echo: /, "")) as Record<string, string>;
    expect(seen.authorization).toBe("Bearer tid=copilot-api-token");
    expect(seen["copilot-integration-id"]).toBe("vscode-chat");
    expect(seen["editor-version"]).toStartWith("vscode/");
    expect(seen["editor-plugin-version"]).toStartWith("copilot-chat/");
  } finally {
    await fixture.stop();
  }
});
