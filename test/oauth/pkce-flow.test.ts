// The PKCE authorization code flow against the mock provider: the browser is simulated by fetching the authorize
// URL with redirects followed, which lands on the loopback callback. Covers the S256 challenge the token endpoint
// verifies, state checking, a provider refusal, paste mode (Claude's code#state, a full redirect URL), the JSON
// token request and the timeout.
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { OAuthError } from "../../src/oauth/oauth-error.ts";
import { codeChallengeOf, createCodeVerifier } from "../../src/oauth/pkce-codes.ts";
import { buildAuthorizeUrl, exchangeAuthorizationCode, parsePastedAuthorization, runPkceFlow } from "../../src/oauth/pkce-flow.ts";
import { browse, startMockOAuthServer } from "./mock-oauth-server.ts";

const server = startMockOAuthServer();
afterAll(() => server.stop());
beforeEach(() => {
  server.forgeState = undefined;
  server.authorizeError = undefined;
});

describe("PKCE codes", () => {
  test("the challenge is the base64url SHA-256 of the verifier (RFC 7636 appendix B)", () => {
    expect(codeChallengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    const verifier = createCodeVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createCodeVerifier()).not.toBe(verifier);
  });

  test("the authorize URL carries the standard parameters and the provider's extras", () => {
    const url = new URL(
      buildAuthorizeUrl(server.settings({ scopes: ["a", "b"], extraAuthorizeParams: { code: "true", response_type: "token" } }), {
        redirectUri: "http://localhost:1455/auth/callback",
        codeChallenge: "challenge",
        state: "state-1",
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      code: "true",
      response_type: "code",
      client_id: "mock-client",
      redirect_uri: "http://localhost:1455/auth/callback",
      scope: "a b",
      code_challenge: "challenge",
      code_challenge_method: "S256",
      state: "state-1",
    });
  });

  test("pasted input: a bare code, code#state and a redirect URL", () => {
    expect(parsePastedAuthorization(" abc ")).toEqual({ code: "abc" });
    expect(parsePastedAuthorization("abc#xyz")).toEqual({ code: "abc", state: "xyz" });
    expect(parsePastedAuthorization("http://localhost:1455/auth/callback?code=abc&state=xyz")).toEqual({ code: "abc", state: "xyz" });
    expect(() => parsePastedAuthorization("http://localhost/cb?error=access_denied")).toThrow(OAuthError);
  });
});

describe("PKCE flow", () => {
  test("loopback: browser redirect, code exchange with the verifier, token", async () => {
    let response: Response | undefined;
    const token = await runPkceFlow(server.settings(), {
      async onAuthorizeUrl(url, mode) {
        expect(mode).toBe("loopback");
        response = await browse(url);
      },
    });
    expect(response!.status).toBe(200);
    expect(await response!.text()).toContain("Signed in");
    expect(server.isValidAccessToken(token.accessToken)).toBe(true);
    expect(token.refreshToken).toMatch(/^refresh-/);
  });

  test("loopback on a fixed registered port", async () => {
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const port = probe.port!;
    await probe.stop(true);
    const token = await runPkceFlow(server.settings({ redirectPort: port, redirectPath: "/auth/callback" }), {
      async onAuthorizeUrl(url) {
        expect(new URL(url).searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${port}/auth/callback`);
        await browse(url);
      },
    });
    expect(server.isValidAccessToken(token.accessToken)).toBe(true);
  });

  test("a fixed port already in use is a clear error", async () => {
    const blocker = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    try {
      const error = (await runPkceFlow(server.settings({ redirectPort: blocker.port! }), { onAuthorizeUrl() {} }).catch((caught: unknown) => caught)) as OAuthError;
      expect(error).toBeInstanceOf(OAuthError);
      expect(error.message).toContain(`Port ${blocker.port}`);
    } finally {
      await blocker.stop(true);
    }
  });

  test("a callback with the wrong state is rejected and no code is exchanged", async () => {
    server.forgeState = "forged";
    const tokenHits = server.hits.token;
    let status = 0;
    const error = (await runPkceFlow(server.settings(), {
      async onAuthorizeUrl(url) {
        status = (await browse(url)).status;
      },
    }).catch((caught: unknown) => caught)) as OAuthError;
    expect(status).toBe(400);
    expect(error.kind).toBe("state-mismatch");
    expect(server.hits.token).toBe(tokenHits);
  });

  test("a refusal at the provider ends the flow as denied", async () => {
    server.authorizeError = "access_denied";
    const error = (await runPkceFlow(server.settings(), {
      async onAuthorizeUrl(url) {
        await browse(url);
      },
    }).catch((caught: unknown) => caught)) as OAuthError;
    expect(error.kind).toBe("denied");
    expect(error.code).toBe("access_denied");
  });

  test("the token endpoint rejects a wrong verifier", async () => {
    const verifier = createCodeVerifier();
    const redirectUri = "http://127.0.0.1:9/callback";
    const location = (await fetch(buildAuthorizeUrl(server.settings(), { redirectUri, codeChallenge: codeChallengeOf(verifier), state: "s" }), { redirect: "manual" })).headers.get("location")!;
    const code = new URL(location).searchParams.get("code")!;
    const error = (await exchangeAuthorizationCode(server.settings(), { code, codeVerifier: createCodeVerifier(), redirectUri, state: "s" }, {}).catch(
      (caught: unknown) => caught,
    )) as OAuthError;
    expect(error.kind).toBe("denied");
    expect(error.code).toBe("invalid_grant");
  });

  test("paste mode with a manual redirect page (Claude style code#state, JSON token request)", async () => {
    const manualRedirectUri = `${server.url}/manual`;
    let pasted = "";
    const token = await runPkceFlow(server.settings({ manualRedirectUri, tokenRequestFormat: "json" }), {
      mode: "paste",
      async onAuthorizeUrl(url, mode) {
        expect(mode).toBe("paste");
        const location = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
        expect(location.origin + location.pathname).toBe(manualRedirectUri);
        pasted = `${location.searchParams.get("code")}#${location.searchParams.get("state")}`;
      },
      readPastedCode: async () => pasted,
    });
    expect(server.isValidAccessToken(token.accessToken)).toBe(true);
    expect(server.lastTokenRequest!.contentType).toBe("application/json");
    expect(server.lastTokenRequest!.fields.state).toBe(pasted.split("#")[1]!);
    expect(server.lastTokenRequest!.fields.redirect_uri).toBe(manualRedirectUri);
  });

  test("paste mode rejects a code from another login", async () => {
    const error = (await runPkceFlow(server.settings({ manualRedirectUri: `${server.url}/manual` }), {
      mode: "paste",
      onAuthorizeUrl() {},
      readPastedCode: async () => "some-code#another-state",
    }).catch((caught: unknown) => caught)) as OAuthError;
    expect(error.kind).toBe("state-mismatch");
  });

  test("loopback with a paste fallback: the redirect URL pasted from another machine's browser works", async () => {
    let redirected = "";
    const token = await runPkceFlow(server.settings(), {
      async onAuthorizeUrl(url) {
        redirected = (await fetch(url, { redirect: "manual" })).headers.get("location")!;
      },
      readPastedCode: async () => redirected,
    });
    expect(server.isValidAccessToken(token.accessToken)).toBe(true);
  });

  test("no browser callback within the timeout ends the flow", async () => {
    const error = (await runPkceFlow(server.settings(), { timeoutMs: 50, onAuthorizeUrl() {} }).catch((caught: unknown) => caught)) as OAuthError;
    expect(error.kind).toBe("expired");
  });
});
