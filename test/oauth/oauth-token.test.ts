// The stored token format: round trip, and telling an OAuth token from a plain API key (including a JSON one).
import { describe, expect, test } from "bun:test";
import { accessTokenOf, expiresWithin, isOAuthCredential, parseToken, serializeToken, type OAuthToken } from "../../src/oauth/oauth-token.ts";

describe("stored OAuth token", () => {
  const token: OAuthToken = { accessToken: "at", refreshToken: "rt", expiresAt: 2_000, tokenType: "Bearer", scope: "a b", apiBaseUrl: "https://x.test/v1", accountId: "acc", obtainedAt: 1_000 };

  test("serializes and parses back", () => {
    expect(parseToken(serializeToken(token))).toEqual(token);
    expect(parseToken(serializeToken({ accessToken: "only", obtainedAt: 5 }))).toEqual({ accessToken: "only", obtainedAt: 5 });
  });

  test("a plain key or another JSON credential is not an OAuth token", () => {
    expect(isOAuthCredential(serializeToken(token))).toBe(true);
    expect(isOAuthCredential("sk-plain")).toBe(false);
    expect(isOAuthCredential(undefined)).toBe(false);
    expect(isOAuthCredential('{"type":"service_account","private_key":"x"}')).toBe(false);
    expect(isOAuthCredential('{"accessToken":"x"}')).toBe(false);
    expect(isOAuthCredential("{not json")).toBe(false);
  });

  test("accessTokenOf gives the bearer value for both kinds", () => {
    expect(accessTokenOf(serializeToken(token))).toBe("at");
    expect(accessTokenOf("sk-plain")).toBe("sk-plain");
    expect(accessTokenOf(undefined)).toBeUndefined();
  });

  test("expiresWithin", () => {
    expect(expiresWithin(token, 500, 1_000)).toBe(false);
    expect(expiresWithin(token, 1_000, 1_000)).toBe(true);
    expect(expiresWithin({ accessToken: "x", obtainedAt: 0 }, 1e9, 0)).toBe(false);
  });
});
