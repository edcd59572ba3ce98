// One form-encoded grant at a token endpoint that is not an OAuth client login: Google's JWT-bearer grant for a
// service-account key, IBM Cloud IAM's API-key grant. Answers become an OAuthToken (expires_in read the usual
// way); failures become OAuthErrors the caller can act on: `needs-login` when the credential itself was refused
// (asking again will not help), `transient` for network errors, 429 and 5xx.
import { OAuthError } from "./oauth-error.ts";
import type { OAuthToken } from "./oauth-token.ts";
import { describeEndpointError, sendRequest, type EndpointOptions, type EndpointReply } from "./token-endpoint.ts";
import { tokenFromResponse } from "./token-response.ts";

export async function exchangeGrant(url: string, fields: Record<string, string>, what: string, options: EndpointOptions & { now?: () => number } = {}): Promise<OAuthToken> {
  const now = options.now ?? Date.now;
  const reply = await sendRequest(
    url,
    { method: "POST", headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() },
    options,
  );
  if (reply.status === 429 || reply.status >= 500) throw new OAuthError("transient", `${what} failed for now: ${describeReply(reply)}`, null, reply.status);
  if (reply.status >= 400) throw new OAuthError("needs-login", `${what} was refused: ${describeReply(reply)}`, typeof reply.body.error === "string" ? reply.body.error : null, reply.status);
  try {
    return tokenFromResponse(reply.body, { now: now(), serverDate: reply.serverDate });
  } catch (error) {
    throw new OAuthError("transient", `${what}: ${(error as Error).message}`, null, reply.status);
  }
}

/** OAuth error bodies as usual, and IBM IAM's `errorCode` / `errorMessage`. */
function describeReply(reply: EndpointReply): string {
  const { errorCode, errorMessage } = reply.body;
  if (typeof errorMessage === "string") return `${typeof errorCode === "string" ? `${errorCode}: ` : ""}${errorMessage.slice(0, 200)}`;
  return describeEndpointError(reply);
}
