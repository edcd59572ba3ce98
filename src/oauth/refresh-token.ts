// Renews one OAuth token: a refresh_token grant at the token endpoint, or for GitHub Copilot the token exchange
// again. Failures are classified for the refresher: `needs-login` when the grant is gone (invalid_grant, a
// revoked GitHub token, no refresh token at all) so the connection waits for `amrouter login`, and `transient`
// for network errors, 429 and 5xx, so the next sweep tries again.
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { OAuthError } from "./oauth-error.ts";
import type { OAuthToken } from "./oauth-token.ts";
import { describeEndpointError, errorCodeOf, postToEndpoint, type FetchFunction } from "./token-endpoint.ts";
import { exchangeForAccessToken } from "./token-exchange.ts";
import { tokenFromResponse } from "./token-response.ts";

export async function refreshOAuthToken(
  settings: OAuthSettings,
  token: OAuthToken,
  fetchFunction: FetchFunction = fetch,
  now: () => number = Date.now,
): Promise<OAuthToken> {
  if (!token.refreshToken) throw new OAuthError("needs-login", "The stored token has no refresh token; log in again");
  if (settings.tokenExchangeUrl) return exchangeForAccessToken(settings, token.refreshToken, { fetch: fetchFunction, now });

  const reply = await postToEndpoint(settings.tokenUrl, settings, { grant_type: "refresh_token", refresh_token: token.refreshToken }, { fetch: fetchFunction });
  const code = errorCodeOf(reply);
  if (reply.status === 429 || reply.status >= 500) {
    throw new OAuthError("transient", `Token refresh failed for now: ${describeEndpointError(reply)}`, code, reply.status);
  }
  // invalid_grant (revoked, expired or already used refresh token) is the usual answer; any other refusal
  // (invalid_client, a 401) cannot be fixed by asking again either. GitHub refuses with 200 and an `error` field.
  if (reply.status >= 400 || code !== null) {
    throw new OAuthError("needs-login", `Token refresh refused: ${describeEndpointError(reply)}`, code, reply.status);
  }
  try {
    return tokenFromResponse(reply.body, { now: now(), serverDate: reply.serverDate, previous: token });
  } catch (error) {
    // A 200 without a token is the server misbehaving, not the grant being gone: try again later.
    throw new OAuthError("transient", (error as Error).message, null, reply.status);
  }
}
