// Builds the headers sent upstream: the family's allow-list of client headers and its required defaults, the
// catalog's extra headers, and the connection's credential in the provider's auth style. The client's
// Authorization, cookies, host and hop-by-hop headers never pass.
import type { Connection } from "../gateway/connection-registry.ts";
import { accessTokenOf, parseToken } from "../oauth/oauth-token.ts";
import { readAwsCredential } from "./aws-credentials.ts";
import { version } from "../version.ts";
import { defaultWireFamilyTraits, wireFamilyTraits } from "./wire-families.ts";

export const gatewayUserAgent = `amrouter/${version}`;

/** @param accessToken a token exchanged for this call (service-account key, IBM API key): it replaces the credential. */
export function buildUpstreamHeaders(connection: Connection, clientHeaders: Headers | undefined, accessToken?: string): Headers {
  const headers = new Headers({ "content-type": "application/json", "user-agent": gatewayUserAgent });
  const traits = wireFamilyTraits[connection.provider.family] ?? defaultWireFamilyTraits;
  if (clientHeaders) {
    for (const name of traits.forwardedHeaders) {
      const value = clientHeaders.get(name);
      if (value) headers.set(name, value);
    }
  }
  for (const [name, value] of Object.entries(traits.defaultHeaders)) if (!headers.has(name)) headers.set(name, value);
  for (const [name, value] of Object.entries(connection.provider.headers ?? {})) headers.set(name, value);
  const auth = connection.provider.auth;
  if (accessToken) headers.set("authorization", `Bearer ${accessToken}`);
  else if (connection.credential) {
    // A local server needs no key, but one started with a key (vLLM --api-key, LM Studio) takes it as Bearer.
    if (auth.style === "bearer" || auth.style === "none") headers.set("authorization", `Bearer ${connection.credential}`);
    else if (auth.style === "oauth") {
      // An OAuth connection stores its whole token (JSON); only the access token goes upstream.
      headers.set("authorization", `Bearer ${accessTokenOf(connection.credential)}`);
      const accountId = parseToken(connection.credential)?.accountId;
      const accountIdHeader = connection.provider.oauth?.accountIdHeader;
      if (accountId && accountIdHeader) headers.set(accountIdHeader, accountId);
    }
    else if (auth.style === "header") headers.set(auth.name, `${auth.prefix ?? ""}${connection.credential}`);
    else if (auth.style === "aws-sigv4") {
      // IAM keys are signed over the whole request when it is sent (sign-upstream-request.ts); an API key is Bearer.
      const credential = readAwsCredential(connection.credential);
      if (credential.kind === "api-key") headers.set("authorization", `Bearer ${credential.apiKey}`);
    }
  }
  return headers;
}

/** Adds query-parameter credentials (auth style `query`) to an upstream URL. */
export function buildUpstreamUrl(connection: Connection, path: string): string {
  const url = connection.baseUrl + path;
  const auth = connection.provider.auth;
  if (auth.style !== "query" || !connection.credential) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${encodeURIComponent(auth.name)}=${encodeURIComponent(connection.credential)}`;
}
