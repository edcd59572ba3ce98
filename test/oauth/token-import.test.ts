// Importing logins made elsewhere: each CLI's credential file shape, a pair, a bare token, a file path, a GitHub
// token exchanged for a Copilot token, and an expired import refreshed at once (or refused when it cannot be).
import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { OAuthError } from "../../src/oauth/oauth-error.ts";
import { serializeToken } from "../../src/oauth/oauth-token.ts";
import { importToken, readImport, tokenFromPair } from "../../src/oauth/token-import.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";
import { startMockOAuthServer } from "./mock-oauth-server.ts";

const server = startMockOAuthServer();
afterAll(() => server.stop());
const now = 1_750_000_000_000;

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none" })}.${part(claims)}.signature`;
}

function tokenOf(input: string) {
  const imported = readImport(input, { now: () => now });
  if (imported.kind !== "token") throw new Error(`expected a token, got ${imported.kind}`);
  return imported.token;
}

describe("token import formats", () => {
  test("Claude Code credentials file", () => {
    const text = JSON.stringify({ claudeAiOauth: { accessToken: "sk-ant-oat01-a", refreshToken: "sk-ant-ort01-r", expiresAt: now + 1000, scopes: ["user:inference", "user:profile"] } });
    expect(tokenOf(text)).toEqual({ accessToken: "sk-ant-oat01-a", refreshToken: "sk-ant-ort01-r", expiresAt: now + 1000, scope: "user:inference user:profile", obtainedAt: now });
  });

  test("Codex auth.json: expiry from the access token JWT, account id kept", () => {
    const accessToken = jwt({ exp: 1_760_000_000 });
    const text = JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: jwt({ "https://api.openai.com/auth": { chatgpt_account_id: "acct-1" } }), access_token: accessToken, refresh_token: "rt", account_id: "acct-1" } });
    expect(tokenOf(text)).toMatchObject({ accessToken, refreshToken: "rt", expiresAt: 1_760_000_000_000, accountId: "acct-1" });
  });

  test("Gemini CLI and Qwen Code oauth_creds.json (expiry_date in ms; resource_url)", () => {
    expect(tokenOf(JSON.stringify({ access_token: "ya29.a", refresh_token: "1//r", expiry_date: now + 5000, token_type: "Bearer", scope: "s" }))).toEqual({
      accessToken: "ya29.a",
      refreshToken: "1//r",
      expiresAt: now + 5000,
      tokenType: "Bearer",
      scope: "s",
      obtainedAt: now,
    });
    expect(tokenOf(JSON.stringify({ access_token: "q", refresh_token: "r", expiry_date: now, resource_url: "portal.qwen.ai" })).apiBaseUrl).toBe("https://portal.qwen.ai/v1");
  });

  test("a pair, an OAuth response with expires_in, and AmRouter's own format", () => {
    expect(tokenOf('{"accessToken":"a","refreshToken":"r","expiresAt":1760000000}').expiresAt).toBe(1_760_000_000_000);
    expect(tokenOf('{"access_token":"a","expires_in":60}').expiresAt).toBe(now + 60_000);
    const own = { accessToken: "a", refreshToken: "r", obtainedAt: 7 };
    expect(tokenOf(serializeToken(own))).toEqual(own);
    expect(tokenFromPair({ accessToken: "a", expiresAt: "2030-01-01T00:00:00Z" }, now).expiresAt).toBe(Date.parse("2030-01-01T00:00:00Z"));
  });

  test("a bare token, a Copilot apps.json, a file path, and clear errors", () => {
    expect(readImport("gho_abc123")).toEqual({ kind: "single", value: "gho_abc123" });
    expect(readImport('{"github.com:Iv1.b507a08c87ecfe98":{"user":"me","oauth_token":"ghu_x","githubAppId":"Iv1.b507a08c87ecfe98"}}')).toEqual({ kind: "single", value: "ghu_x" });
    const directory = temporaryDirectory();
    const path = join(directory, "creds.json");
    writeFileSync(path, JSON.stringify({ access_token: "from-file", refresh_token: "r" }));
    expect(tokenOf(path).accessToken).toBe("from-file");
    expect(() => readImport(join(directory, "missing.json"))).toThrow("No such file");
    expect(() => readImport('{"nothing":"here"}')).toThrow(OAuthError);
    expect(() => readImport("   ")).toThrow(OAuthError);
  });
});

describe("importToken", () => {
  test("a GitHub token is exchanged for a Copilot token", async () => {
    const github = server.issue().accessToken;
    const token = await importToken(server.settings({ tokenExchangeUrl: `${server.url}/copilot/token` }), github);
    expect(token.accessToken).toMatch(/^copilot-/);
    expect(token.refreshToken).toBe(github);
  });

  test("an expired import is refreshed at once; a dead one is refused with a clear message", async () => {
    const pair = server.issue();
    const expired = JSON.stringify({ access_token: pair.accessToken, refresh_token: pair.refreshToken, expiry_date: Date.now() - 1000 });
    const renewed = await importToken(server.settings(), expired);
    expect(renewed.accessToken).not.toBe(pair.accessToken);
    expect(renewed.expiresAt!).toBeGreaterThan(Date.now());
    const error = (await importToken(server.settings(), expired).catch((caught: unknown) => caught)) as OAuthError;
    expect(error.kind).toBe("needs-login");
    expect(error.message).toContain("log in instead");
  });

  test("a valid import is stored as given", async () => {
    const token = await importToken(server.settings(), '{"access_token":"a","refresh_token":"r","expires_in":3600}');
    expect(token).toMatchObject({ accessToken: "a", refreshToken: "r" });
  });
});
