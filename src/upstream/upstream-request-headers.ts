// Builds the headers sent upstream: the family's allow-list of client headers and its required defaults, the
// catalog's extra headers, and the connection's credential in the provider's auth style. The client's
// Authorization, cookies, host and hop-by-hop headers never pass. Everything but the forwarded client headers is
// the same for every request to a connection, so it is worked out once per connection object (a reload makes
// new ones) and each request copies it.
import type { Connection } from "../gateway/connection-registry.ts";
import { accessTokenOf, parseToken } from "../oauth/oauth-token.ts";
import { readAwsCredential } from "./aws-credentials.ts";
import { version } from "../version.ts";
import { defaultWireFamilyTraits, wireFamilyTraits } from "./wire-families.ts";

export const gatewayUserAgent = `amrouter/${version}`;

/** Header names are lower case, as a Headers object would keep them. */
type UpstreamHeaderParts = {
  /** Sent unless a forwarded client header replaces them. */
  defaults: Readonly<Record<string, string>>;
  /** The catalog's headers and the credential: nothing the client sends replaces them. */
  fixed: Readonly<Record<string, string>>;
  /** The catalog's headers alone, for a call that brings its own access token. */
  catalog: Readonly<Record<string, string>>;
  forwardedHeaders: readonly string[];
};

const partsByConnection = new WeakMap<Connection, UpstreamHeaderParts>();

function credentialHeaders(connection: Connection): Record<string, string> {
  const credential = connection.credential;
  if (!credential) return {};
  const auth = connection.provider.auth;
  // A local server needs no key, but one started with a key (vLLM --api-key, LM Studio) takes it as Bearer.
  if (auth.style === "bearer" || auth.style === "none") return { authorization: `Bearer ${credential}` };
  if (auth.style === "oauth") {
    // An OAuth connection stores its whole token (JSON); only the access token goes upstream.
    const headers: Record<string, string> = { authorization: `Bearer ${accessTokenOf(credential)}` };
    const accountId = parseToken(credential)?.accountId;
    const accountIdHeader = connection.provider.oauth?.accountIdHeader;
    if (accountId && accountIdHeader) headers[accountIdHeader.toLowerCase()] = accountId;
    return headers;
  }
  if (auth.style === "header") return { [auth.name.toLowerCase()]: `${auth.prefix ?? ""}${credential}` };
  if (auth.style === "aws-sigv4") {
    // IAM keys are signed over the whole request when it is sent (sign-upstream-request.ts); an API key is Bearer.
    const awsCredential = readAwsCredential(credential);
    if (awsCredential.kind === "api-key") return { authorization: `Bearer ${awsCredential.apiKey}` };
  }
  return {};
}

function headerPartsOf(connection: Connection): UpstreamHeaderParts {
  const cached = partsByConnection.get(connection);
  if (cached) return cached;
  const traits = wireFamilyTraits[connection.provider.family] ?? defaultWireFamilyTraits;
  const defaults: Record<string, string> = { "content-type": "application/json", "user-agent": gatewayUserAgent };
  for (const [name, value] of Object.entries(traits.defaultHeaders)) defaults[name.toLowerCase()] ??= value;
  const catalog: Record<string, string> = {};
  for (const [name, value] of Object.entries(connection.provider.headers ?? {})) catalog[name.toLowerCase()] = value;
  const parts = { defaults, fixed: { ...catalog, ...credentialHeaders(connection) }, catalog, forwardedHeaders: traits.forwardedHeaders };
  partsByConnection.set(connection, parts);
  return parts;
}

/** @param accessToken a token exchanged for this call (service-account key, IBM API key): it replaces the credential. */
export function buildUpstreamHeaders(connection: Connection, clientHeaders: Headers | undefined, accessToken?: string): Record<string, string> {
  const parts = headerPartsOf(connection);
  const headers: Record<string, string> = { ...parts.defaults };
  if (clientHeaders) {
    for (const name of parts.forwardedHeaders) {
      const value = clientHeaders.get(name);
      if (value) headers[name] = value;
    }
  }
  if (accessToken) return Object.assign(headers, parts.catalog, { authorization: `Bearer ${accessToken}` });
  return Object.assign(headers, parts.fixed);
}

/** Adds query-parameter credentials (auth style `query`) to an upstream URL. */
export function buildUpstreamUrl(connection: Connection, path: string): string {
  const url = connection.baseUrl + path;
  const auth = connection.provider.auth;
  if (auth.style !== "query" || !connection.credential) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${encodeURIComponent(auth.name)}=${encodeURIComponent(connection.credential)}`;
}
