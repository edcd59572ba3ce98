// IR errors ↔ the Anthropic error body `{type:"error", error:{type, message}}`, and the error type ↔ HTTP
// status table shared by error responses and in-stream `event: error`.
import type { IrError } from "../ir.ts";
import { asObject, asString } from "../json-values.ts";
import type { AnthropicErrorBody, AnthropicErrorType } from "./schema-types.ts";

const typeByStatus: Record<number, AnthropicErrorType> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const statusByType: Record<AnthropicErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function isAnthropicErrorType(type: string | undefined): type is AnthropicErrorType {
  return type !== undefined && Object.hasOwn(statusByType, type);
}

export function errorTypeForStatus(status: number): AnthropicErrorType {
  return typeByStatus[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** The HTTP status an Anthropic error type stands for (in-stream errors carry no status). */
export function statusForErrorType(type: string | undefined): number {
  return isAnthropicErrorType(type) ? statusByType[type] : 500;
}

/** The client's error body. An IR type that is already an Anthropic type is kept; any other follows the status. */
export function anthropicErrorBody(error: IrError): AnthropicErrorBody {
  const type = isAnthropicErrorType(error.type) ? error.type : errorTypeForStatus(error.status);
  return { type: "error", error: { type, message: error.message } };
}

/** An upstream error body → IrError. Reads the Anthropic shape; tolerates `{error:{message}}`, `{message}` and text. */
export function decodeAnthropicError(status: number, body: unknown): IrError {
  if (typeof body === "string" && body.trim() !== "") return { status, message: body.trim(), type: errorTypeForStatus(status), code: null };
  const object = asObject(body);
  const error = asObject(object.error);
  const message = asString(error.message) ?? asString(object.message) ?? asString(object.error) ?? `Upstream answered HTTP ${status}`;
  const code = asString(asObject(error.details).error_code) ?? null;
  return { status, message, type: asString(error.type) ?? errorTypeForStatus(status), code };
}
