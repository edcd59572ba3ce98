// The one error hierarchy. Everything the gateway throws toward a client is a GatewayError; each client surface
// maps it to its own error shape in one place (src/http/error-shapes/).
export type ErrorKind =
  | "invalid_request"
  | "authentication"
  | "permission"
  | "not_found"
  | "payload_too_large"
  | "rate_limit"
  | "upstream"
  | "unavailable"
  | "timeout"
  | "internal";

export class GatewayError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly kind: ErrorKind,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class InvalidRequestError extends GatewayError {
  constructor(message: string, code: string | null = null, param: string | null = null) {
    super(message, 400, "invalid_request", code, param);
  }
}

export class AuthenticationError extends GatewayError {
  constructor(message = "Missing or invalid API key. Send it as Authorization: Bearer amr_...") {
    super(message, 401, "authentication", "invalid_api_key");
  }
}

export class PermissionError extends GatewayError {
  constructor(message: string) {
    super(message, 403, "permission", "permission_denied");
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string, code = "not_found", param: string | null = null) {
    super(message, 404, "not_found", code, param);
  }
}

export class PayloadTooLargeError extends GatewayError {
  constructor(limitBytes: number) {
    super(`Request body is larger than the ${limitBytes} byte limit (MAX_BODY_BYTES)`, 413, "payload_too_large", "request_too_large");
  }
}

/** An upstream answered with an error: its status and (scrubbed) message are kept for the client. */
export class UpstreamError extends GatewayError {
  constructor(
    message: string,
    status: number,
    readonly retryable: boolean,
    code: string | null = null,
    readonly upstreamType: string | null = null,
    headers: Record<string, string> = {},
    /** The wire family of the upstream that answered, so its error `type` is reused only for clients of that family. */
    readonly upstreamFamily: string | null = null,
    /** The upstream's raw headers and parsed body, for retry hints and failure classes; never sent to a client. */
    readonly upstreamHeaders: Headers | null = null,
    readonly upstreamBody: unknown = null,
  ) {
    super(message, status, status === 429 ? "rate_limit" : status >= 500 ? "upstream" : kindForStatus(status), code, null, headers);
  }
}

export class UpstreamUnavailableError extends GatewayError {
  constructor(message: string, code = "upstream_unavailable") {
    super(message, 502, "upstream", code);
  }
}

export class UpstreamTimeoutError extends GatewayError {
  constructor(message: string) {
    super(message, 504, "timeout", "upstream_timeout");
  }
}

function kindForStatus(status: number): ErrorKind {
  if (status === 401) return "authentication";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 413) return "payload_too_large";
  return "invalid_request";
}
