// One POST to a provider's token endpoint (or device code endpoint), encoded the way the provider expects (form by
// default, JSON for Claude), with the client id and any published client secret added. Every flow and the
// refresher go through here, so a network failure is always reported the same way: a transient OAuthError.
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { OAuthError } from "./oauth-error.ts";
import { isRecord } from "./oauth-token.ts";

/** The part of `fetch` the flows use; tests pass their own. */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

export type EndpointReply = {
  status: number;
  body: Record<string, unknown>;
  /** The server's Date header, to correct absolute expiry times for clock skew. */
  serverDate: string | null;
};

export type EndpointOptions = { fetch?: FetchFunction; signal?: AbortSignal; timeoutMs?: number };

const defaultTimeoutMs = 30_000;

export async function postToEndpoint(
  url: string,
  settings: OAuthSettings,
  parameters: Record<string, string>,
  options: EndpointOptions = {},
): Promise<EndpointReply> {
  const fields: Record<string, string> = { client_id: settings.clientId, ...parameters };
  if (settings.clientSecret) fields.client_secret = settings.clientSecret;
  const json = settings.tokenRequestFormat === "json";
  return sendRequest(
    url,
    {
      method: "POST",
      headers: { accept: "application/json", "content-type": json ? "application/json" : "application/x-www-form-urlencoded" },
      body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
    },
    options,
  );
}

export async function sendRequest(url: string, init: RequestInit, options: EndpointOptions = {}): Promise<EndpointReply> {
  const fetchFunction = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetchFunction(url, { ...init, signal, redirect: "error" });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw new OAuthError("cancelled", "Login was cancelled");
    const reason = timeout.aborted ? "timed out" : `failed (${(error as Error).message})`;
    throw new OAuthError("transient", `The request to ${new URL(url).host} ${reason}`);
  }
  return { status: response.status, body: parseBody(text), serverDate: response.headers.get("date") };
}

/** JSON bodies as objects; GitHub can answer form-encoded when Accept is ignored, so that is understood too. */
function parseBody(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return isRecord(value) ? value : {};
    } catch {
      return {};
    }
  }
  if (/^[\w.-]+=/.test(trimmed)) return Object.fromEntries(new URLSearchParams(trimmed));
  return {};
}

/** "invalid_grant: Refresh token revoked" from an OAuth error body; never echoes token values. */
export function describeEndpointError(reply: EndpointReply): string {
  const code = typeof reply.body.error === "string" ? reply.body.error : undefined;
  const description = typeof reply.body.error_description === "string" ? reply.body.error_description.slice(0, 200) : undefined;
  if (code && description) return `${code}: ${description}`;
  if (code) return code;
  const message = isRecord(reply.body.error) && typeof reply.body.error.message === "string" ? reply.body.error.message : typeof reply.body.message === "string" ? reply.body.message : undefined;
  return message ? `HTTP ${reply.status}: ${message.slice(0, 200)}` : `HTTP ${reply.status}`;
}

export function errorCodeOf(reply: EndpointReply): string | null {
  return typeof reply.body.error === "string" ? reply.body.error : null;
}
