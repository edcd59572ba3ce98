// Turns a token endpoint's success body into an OAuthToken: relative `expires_in` becomes an absolute time on this
// machine's clock, absolute server times are corrected for clock skew with the server's Date header, a refresh
// token the server did not rotate is kept, and the provider's per-account hints (Qwen resource_url, Codex account
// id) are kept for the request path.
import { OAuthError } from "./oauth-error.ts";
import { chatgptAccountIdOf, jwtExpiresAt } from "./jwt-claims.ts";
import type { OAuthToken } from "./oauth-token.ts";

export type TokenContext = {
  now: number;
  /** The Date header of the response, for correcting absolute expiry times. */
  serverDate?: string | null;
  /** The token being replaced: its refresh token and hints survive when the server does not send new ones. */
  previous?: OAuthToken;
};

export function tokenFromResponse(body: Record<string, unknown>, context: TokenContext): OAuthToken {
  const accessToken = body.access_token;
  if (typeof accessToken !== "string" || accessToken.length === 0) {
    throw new OAuthError("protocol", "The token endpoint answered without an access_token");
  }
  const token: OAuthToken = { accessToken, obtainedAt: context.now };
  const refreshToken = typeof body.refresh_token === "string" && body.refresh_token ? body.refresh_token : context.previous?.refreshToken;
  if (refreshToken) token.refreshToken = refreshToken;
  const expiresIn = numberOf(body.expires_in);
  if (expiresIn !== undefined && expiresIn > 0) token.expiresAt = context.now + expiresIn * 1000;
  else {
    const fromJwt = jwtExpiresAt(accessToken);
    if (fromJwt !== undefined) token.expiresAt = toLocalClock(fromJwt, context.serverDate, context.now);
  }
  if (typeof body.token_type === "string") token.tokenType = body.token_type;
  if (typeof body.scope === "string") token.scope = body.scope;
  const apiBaseUrl = typeof body.resource_url === "string" && body.resource_url ? qwenBaseUrl(body.resource_url) : context.previous?.apiBaseUrl;
  if (apiBaseUrl) token.apiBaseUrl = apiBaseUrl;
  const accountId = typeof body.id_token === "string" ? chatgptAccountIdOf(body.id_token) : undefined;
  if (accountId ?? context.previous?.accountId) token.accountId = accountId ?? context.previous?.accountId;
  return token;
}

/**
 * Moves an absolute time from the server's clock to ours. When the server's Date header says it is, for example,
 * 3 minutes ahead of us, a token the server says expires at 12:30 expires at 12:27 by our clock.
 */
export function toLocalClock(serverTimeMs: number, serverDate: string | null | undefined, now: number): number {
  const serverNow = serverDate ? Date.parse(serverDate) : Number.NaN;
  if (!Number.isFinite(serverNow)) return serverTimeMs;
  const offset = serverNow - now;
  // The Date header has one-second resolution; smaller differences are noise, not skew.
  return Math.abs(offset) < 2000 ? serverTimeMs : serverTimeMs - offset;
}

/** Qwen's `resource_url` is a host ("portal.qwen.ai") or a URL; its OpenAI-compatible API lives under /v1. */
function qwenBaseUrl(resourceUrl: string): string {
  const url = /^https?:\/\//.test(resourceUrl) ? resourceUrl : `https://${resourceUrl}`;
  const trimmed = url.replace(/\/+$/, "");
  return trimmed.endsWith("/v1") ? trimmed : `${trimmed}/v1`;
}

export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
