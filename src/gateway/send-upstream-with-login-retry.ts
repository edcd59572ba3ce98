// sendUpstream for the request path, plus the OAuth rule: a 401 from an OAuth connection triggers one token
// refresh (shared with any concurrent request) and one retry with the new token. Anything else is unchanged.
import { UpstreamError } from "../errors/gateway-errors.ts";
import { accessTokenOf, isOAuthCredential } from "../oauth/oauth-token.ts";
import { sendUpstream, type UpstreamCall } from "../upstream/send-upstream.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";

export async function sendUpstreamWithLoginRetry(runtime: GatewayRuntime, call: UpstreamCall): Promise<Response> {
  try {
    return await sendUpstream(call);
  } catch (error) {
    const connection = call.connection;
    if (!(error instanceof UpstreamError) || error.status !== 401 || connection.provider.auth.style !== "oauth" || !isOAuthCredential(connection.credential)) throw error;
    const accessToken = await runtime.tokenRefresher.refreshNow(connection.name, accessTokenOf(connection.credential));
    if (!accessToken) throw error;
    // The registry was reloaded by the refresher's save; fall back to the bare new access token if it was not.
    const current = runtime.connections.byName(connection.name);
    const renewed = current && accessTokenOf(current.credential) === accessToken ? current : { ...connection, credential: accessToken };
    return sendUpstream({ ...call, connection: renewed });
  }
}
