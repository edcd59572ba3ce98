// Renewing one token against the mock provider: rotation, a server that does not rotate, and the two failure
// classes the refresher acts on: needs-login (revoked refresh token, no refresh token, a revoked GitHub token)
// and transient (503, an unreachable endpoint).
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { OAuthError } from "../../src/oauth/oauth-error.ts";
import type { OAuthToken } from "../../src/oauth/oauth-token.ts";
import { refreshOAuthToken } from "../../src/oauth/refresh-token.ts";
import { startMockOAuthServer } from "./mock-oauth-server.ts";

const server = startMockOAuthServer();
afterAll(() => server.stop());
beforeEach(() => {
  server.rotateRefreshTokens = true;
  server.failNextRefreshes = 0;
  server.extraTokenFields = {};
});

function loggedIn(): OAuthToken {
  const pair = server.issue();
  return { ...pair, expiresAt: Date.now() + 60_000, obtainedAt: Date.now() - 3_540_000, apiBaseUrl: "https://portal.example.test/v1" };
}

async function failure(work: Promise<unknown>): Promise<OAuthError> {
  const error = await work.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe("refreshOAuthToken", () => {
  test("a rotating server: new access and refresh tokens, the old refresh token stops working", async () => {
    const old = loggedIn();
    const renewed = await refreshOAuthToken(server.settings(), old);
    expect(renewed.accessToken).not.toBe(old.accessToken);
    expect(renewed.refreshToken).not.toBe(old.refreshToken);
    expect(renewed.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
    // Hints the server did not repeat are kept.
    expect(renewed.apiBaseUrl).toBe("https://portal.example.test/v1");
    expect((await failure(refreshOAuthToken(server.settings(), old))).kind).toBe("needs-login");
  });

  test("a server that does not rotate: the old refresh token is kept", async () => {
    server.rotateRefreshTokens = false;
    const old = loggedIn();
    const renewed = await refreshOAuthToken(server.settings(), old);
    expect(renewed.refreshToken).toBe(old.refreshToken!);
  });

  test("a revoked refresh token is invalid_grant: needs login", async () => {
    const old = loggedIn();
    server.revoke(old.refreshToken!);
    const error = await failure(refreshOAuthToken(server.settings(), old));
    expect(error.kind).toBe("needs-login");
    expect(error.code).toBe("invalid_grant");
    expect(error.message).not.toContain(old.refreshToken!);
  });

  test("no refresh token: needs login, without a request", async () => {
    const hits = server.hits.token;
    expect((await failure(refreshOAuthToken(server.settings(), { accessToken: "a", obtainedAt: 0 }))).kind).toBe("needs-login");
    expect(server.hits.token).toBe(hits);
  });

  test("503 and an unreachable endpoint are transient", async () => {
    server.failNextRefreshes = 1;
    expect((await failure(refreshOAuthToken(server.settings(), loggedIn()))).kind).toBe("transient");
    expect((await failure(refreshOAuthToken(server.settings({ tokenUrl: "http://127.0.0.1:9/token" }), loggedIn()))).kind).toBe("transient");
  });

  test("a JSON token endpoint gets a JSON refresh request", async () => {
    await refreshOAuthToken(server.settings({ tokenRequestFormat: "json" }), loggedIn());
    expect(server.lastTokenRequest!.contentType).toBe("application/json");
    expect(server.lastTokenRequest!.fields.grant_type).toBe("refresh_token");
  });

  test("GitHub style refusal (HTTP 200 with an error field) is needs-login", async () => {
    const github = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ error: "bad_refresh_token" }) });
    try {
      const error = await failure(refreshOAuthToken(server.settings({ tokenUrl: `http://127.0.0.1:${github.port}/token` }), loggedIn()));
      expect(error.kind).toBe("needs-login");
      expect(error.code).toBe("bad_refresh_token");
    } finally {
      await github.stop(true);
    }
  });

  test("Copilot: renewing repeats the exchange; a revoked GitHub token needs login", async () => {
    const settings = server.settings({ tokenExchangeUrl: `${server.url}/copilot/token` });
    const github = server.issue().accessToken;
    const renewed = await refreshOAuthToken(settings, { accessToken: "copilot-old", refreshToken: github, obtainedAt: 0 });
    expect(renewed.accessToken).toMatch(/^copilot-/);
    expect(renewed.refreshToken).toBe(github);
    const error = await failure(refreshOAuthToken(settings, { accessToken: "copilot-old", refreshToken: "gho_revoked", obtainedAt: 0 }));
    expect(error.kind).toBe("needs-login");
    expect(error.status).toBe(401);
  });
});
