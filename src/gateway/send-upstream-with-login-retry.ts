// sendUpstream for the request path, plus the OAuth rule: a 401 from an OAuth connection triggers one token
// refresh (shared with any concurrent request) and one retry with the new token. A 401 for a token the family
// exchanged for this call (service-account key, IBM API key) drops it and retries once with a new exchange.
// Anything else is unchanged.
import { UpstreamError } from "../errors/gateway-errors.ts";
import { accessTokenOf, isOAuthCredential } from "../oauth/oauth-token.ts";
import { sendUpstream, type UpstreamCall } from "../upstream/send-upstream.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";

export type RequestPathCall = UpstreamCall & {
  /** Exchanges again after the upstream refused `call.accessToken`; see src/upstream/family-routing.ts. */
  renewAccessToken?(rejectedAccessToken: string): Promise<string | undefined>;
};

export async function sendUpstreamWithLoginRetry(runtime: GatewayRuntime, call: RequestPathCall): Promise<Response> {
  try {
    return await sendUpstream(call);
  } catch (error) {
    const connection = call.connection;
    if (!(error instanceof UpstreamError) || error.status !== 401) throw error;
    if (call.accessToken && call.renewAccessToken) {
      const renewedToken = await call.renewAccessToken(call.accessToken);
      if (!renewedToken || renewedToken === call.accessToken) throw error;
      return sendUpstream({ ...call, accessToken: renewedToken });
    }
    if (connection.provider.auth.style !== "oauth" || !isOAuthCredential(connection.credential)) throw error;
    const accessToken = await runtime.tokenRefresher.refreshNow(connection.name, accessTokenOf(connection.credential));
    if (!accessToken) throw error;
    // The registry was reloaded by the refresher's save; fall back to the bare new access token if it was not.
    const current = runtime.connections.byName(connection.name);
    const renewed = current && accessTokenOf(current.credential) === accessToken ? current : { ...connection, credential: accessToken };
    return sendUpstream({ ...call, connection: renewed });
  }
}
