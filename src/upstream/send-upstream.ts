// Sends one request to one connection: URL and headers from the catalog entry, a time-to-headers timeout, and
// the client's abort signal, so a client that goes away cancels the upstream call. AWS connections are signed last.
import { GatewayError, UpstreamTimeoutError, UpstreamUnavailableError } from "../errors/gateway-errors.ts";
import type { Connection } from "../gateway/connection-registry.ts";
import { endDeadline, startDeadline, type DeadlineOwner } from "../resilience/deadline-queue.ts";
import { redactSecrets } from "../security/redact-secrets.ts";
import { readUpstreamError } from "./read-upstream-error.ts";
import { signUpstreamRequest } from "./sign-upstream-request.ts";
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

/**
 * Aborts one upstream call when the client goes away (it is the client signal's abort listener) or when the
 * call's time is up (its deadline owner); one object per call instead of a closure for each.
 */
class UpstreamAbort implements DeadlineOwner {
  readonly controller = new AbortController();
  timedOut = false;

  constructor(private readonly clientSignal: AbortSignal | undefined) {}

  handleEvent(): void {
    this.controller.abort(this.clientSignal?.reason);
  }

  expire(): void {
    this.timedOut = true;
    this.controller.abort();
  }
}

const once = { once: true };

/** Resolves with a 2xx response whose body is still unread; throws a GatewayError otherwise. */
export async function sendUpstream(call: UpstreamCall): Promise<Response> {
  const clientSignal = call.clientSignal;
  if (clientSignal?.aborted) throw new ClientClosedError();
  const abort = new UpstreamAbort(clientSignal);
  clientSignal?.addEventListener("abort", abort, once);
  const deadline = startDeadline(call.timeoutMs, abort);
  try {
    const url = buildUpstreamUrl(call.connection, call.path);
    const headers = buildUpstreamHeaders(call.connection, call.clientHeaders, call.accessToken);
    signUpstreamRequest(call.connection, { method: call.method, url, headers, body: call.body });
    const response = await fetch(url, {
      method: call.method,
      headers,
      body: call.body,
      signal: abort.controller.signal,
      redirect: "manual",
    });
    endDeadline(call.timeoutMs, deadline);
    if (!response.ok) throw await readUpstreamError(response, call.connection.name, call.connection.provider.family);
    return response;
  } catch (error) {
    endDeadline(call.timeoutMs, deadline);
    clientSignal?.removeEventListener("abort", abort);
    if (error instanceof GatewayError) throw error;
    if (clientSignal?.aborted) throw new ClientClosedError();
    if (abort.timedOut) throw new UpstreamTimeoutError(`Upstream ${call.connection.name} did not answer within ${call.timeoutMs} ms`);
    throw new UpstreamUnavailableError(`Upstream ${call.connection.name} is unreachable: ${redactSecrets((error as Error).message)}`);
  }
}
