// GitHub Copilot's second step: the long-lived GitHub OAuth token is exchanged (GET tokenExchangeUrl with
// `Authorization: token ...`) for a Copilot API token that lives about 30 minutes. The answer carries an absolute
// `expires_at` in server seconds, so it is corrected for clock skew, and `endpoints.api`, the base URL for this
// account's plan. Renewing a Copilot token is this exchange again, not a refresh_token grant.
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { gatewayUserAgent } from "../upstream/upstream-request-headers.ts";
import { OAuthError } from "./oauth-error.ts";
import { isRecord, type OAuthToken } from "./oauth-token.ts";
import { describeEndpointError, sendRequest, type EndpointOptions } from "./token-endpoint.ts";
import { numberOf, toLocalClock } from "./token-response.ts";

export async function exchangeForAccessToken(
  settings: OAuthSettings,
  sourceToken: string,
  options: EndpointOptions & { now?: () => number } = {},
): Promise<OAuthToken> {
  if (!settings.tokenExchangeUrl) throw new OAuthError("protocol", "This provider has no token exchange");
  const now = options.now ?? Date.now;
  const reply = await sendRequest(
    settings.tokenExchangeUrl,
    { method: "GET", headers: { authorization: `token ${sourceToken}`, accept: "application/json", "user-agent": gatewayUserAgent } },
    options,
  );
  if (reply.status === 401 || reply.status === 403 || reply.status === 404) {
    const why = reply.status === 401 ? "the GitHub token was revoked or expired" : "this account has no access to the API (is the subscription active?)";
    throw new OAuthError("needs-login", `Token exchange refused: ${why} (${describeEndpointError(reply)})`, null, reply.status);
  }
  if (reply.status === 429 || reply.status >= 500) {
    throw new OAuthError("transient", `Token exchange failed for now: ${describeEndpointError(reply)}`, null, reply.status);
  }
  const accessToken = reply.body.token;
  if (reply.status !== 200 || typeof accessToken !== "string" || !accessToken) {
    throw new OAuthError("protocol", `Token exchange answered without a token: ${describeEndpointError(reply)}`, null, reply.status);
  }
  const token: OAuthToken = { accessToken, refreshToken: sourceToken, obtainedAt: now() };
  const expiresAtSeconds = numberOf(reply.body.expires_at);
  const refreshInSeconds = numberOf(reply.body.refresh_in);
  if (expiresAtSeconds !== undefined) token.expiresAt = toLocalClock(expiresAtSeconds * 1000, reply.serverDate, token.obtainedAt);
  else if (refreshInSeconds !== undefined) token.expiresAt = token.obtainedAt + refreshInSeconds * 1000;
  const endpoints = reply.body.endpoints;
  if (isRecord(endpoints) && typeof endpoints.api === "string" && endpoints.api.startsWith("https://")) token.apiBaseUrl = endpoints.api.replace(/\/+$/, "");
  return token;
}
