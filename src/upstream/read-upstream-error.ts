// Turns an upstream error response (any family's error body) into an UpstreamError: status and message kept,
// credentials scrubbed, retryability decided by status.
import { UpstreamError } from "../errors/gateway-errors.ts";
import { redactSecrets } from "../security/redact-secrets.ts";

const maxErrorBodyBytes = 64 * 1024;

type ErrorBody = {
  error?: { message?: unknown; type?: unknown; code?: unknown; status?: unknown } | string;
  message?: unknown;
  detail?: unknown;
  errors?: Array<{ message?: unknown; code?: unknown }>;
};

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

export async function readUpstreamError(response: Response, connectionName: string, family: string | null = null): Promise<UpstreamError> {
  const text = (await response.text().catch(() => "")).slice(0, maxErrorBodyBytes);
  let message = "";
  let code: string | null = null;
  let type: string | null = null;
  let parsed: unknown = text;
  try {
    const body = JSON.parse(text) as ErrorBody;
    parsed = body;
    const error = body.error;
    if (typeof error === "string") message = error;
    else if (error && typeof error === "object") {
      message = typeof error.message === "string" ? error.message : "";
      if (typeof error.code === "string") code = error.code;
      if (typeof error.type === "string") type = error.type;
      else if (typeof error.status === "string") type = error.status;
    }
    // watsonx: {errors: [{code, message, more_info}], trace, status_code}
    const listed = Array.isArray(body.errors) ? body.errors[0] : undefined;
    if (!message && listed && typeof listed.message === "string") {
      message = listed.message;
      if (typeof listed.code === "string") code = listed.code;
    }
    if (!message && typeof body.message === "string") message = body.message;
    if (!message && typeof body.detail === "string") message = body.detail;
  } catch {
    message = text.trim().slice(0, 500);
  }
  if (!message) message = `Upstream ${connectionName} answered HTTP ${response.status}`;
  // AWS services (Bedrock) name the error in a header: `ThrottlingException:http://internal.amazon.com/...`.
  const awsErrorType = response.headers.get("x-amzn-errortype");
  if (!type && awsErrorType) type = awsErrorType.split(":")[0]!.trim() || null;
  const headers: Record<string, string> = {};
  const retryAfter = response.headers.get("retry-after");
  if (retryAfter) headers["retry-after"] = retryAfter;
  return new UpstreamError(redactSecrets(message), response.status, isRetryableStatus(response.status), code, type, headers, family, response.headers, parsed);
}
