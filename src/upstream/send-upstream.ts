// Sends one request to one connection: URL and headers from the catalog entry, a time-to-headers timeout, and
// the client's abort signal, so a client that goes away cancels the upstream call.
import { GatewayError, UpstreamTimeoutError, UpstreamUnavailableError } from "../errors/gateway-errors.ts";
import type { Connection } from "../gateway/connection-registry.ts";
import { redactSecrets } from "../security/redact-secrets.ts";
import { readUpstreamError } from "./read-upstream-error.ts";
import { buildUpstreamHeaders, buildUpstreamUrl } from "./upstream-request-headers.ts";

export class ClientClosedError extends GatewayError {
  constructor() {
    super("Client closed the request", 499, "invalid_request", "client_closed_request");
  }
}

export type UpstreamCall = {
  connection: Connection;
  method: "GET" | "POST";
  path: string;
  body?: string;
  clientHeaders?: Headers;
  clientSignal?: AbortSignal;
  timeoutMs: number;
  /** A token the family obtained for this call (src/upstream/family-routing.ts), sent instead of the credential. */
  accessToken?: string;
};

/** Resolves with a 2xx response whose body is still unread; throws a GatewayError otherwise. */
export async function sendUpstream(call: UpstreamCall): Promise<Response> {
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(call.clientSignal?.reason);
  if (call.clientSignal?.aborted) throw new ClientClosedError();
  call.clientSignal?.addEventListener("abort", onClientAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  try {
    const response = await fetch(buildUpstreamUrl(call.connection, call.path), {
      method: call.method,
      headers: buildUpstreamHeaders(call.connection, call.clientHeaders, call.accessToken),
      body: call.body,
      signal: controller.signal,
      redirect: "manual",
    });
    clearTimeout(timer);
    if (!response.ok) throw await readUpstreamError(response, call.connection.name, call.connection.provider.family);
    return response;
  } catch (error) {
    clearTimeout(timer);
    call.clientSignal?.removeEventListener("abort", onClientAbort);
    if (error instanceof GatewayError) throw error;
    if (call.clientSignal?.aborted) throw new ClientClosedError();
    if (timedOut) throw new UpstreamTimeoutError(`Upstream ${call.connection.name} did not answer within ${call.timeoutMs} ms`);
    throw new UpstreamUnavailableError(`Upstream ${call.connection.name} is unreachable: ${redactSecrets((error as Error).message)}`);
  }
}
