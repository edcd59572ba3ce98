// Errors in Google's shape, `{error: {code, message, status}}`, both ways: the body a Gemini client gets, and
// the IrError read from a Gemini upstream's error body (also used for in-stream error chunks).
import type { IrError } from "../ir.ts";
import { asArray, asObject, asString } from "../json-values.ts";
import type { GeminiErrorBody } from "./schema-types.ts";

/** google.rpc.Code names by HTTP status, as Google's REST APIs pair them. */
const statusNames: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  412: "FAILED_PRECONDITION",
  413: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const knownStatusNames = new Set([...Object.values(statusNames), "OK", "UNKNOWN", "ALREADY_EXISTS", "OUT_OF_RANGE", "DATA_LOSS"]);

export function statusNameOf(status: number): string {
  return statusNames[status] ?? (status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT");
}

export function geminiErrorBody(error: IrError): GeminiErrorBody {
  // An error read from a Gemini upstream keeps its own status name (e.g. FAILED_PRECONDITION for a 400).
  const status = error.type && knownStatusNames.has(error.type) ? error.type : statusNameOf(error.status);
  return { error: { code: error.status, message: error.message, status } };
}

/**
 * A Gemini error body → IrError. `type` is the status name, `code` the ErrorInfo reason when there is one
 * (e.g. API_KEY_INVALID). The non-SSE stream form wraps the body in an array, which is accepted too.
 */
export function decodeGeminiError(status: number, body: unknown): IrError {
  const error = asObject(asObject(Array.isArray(body) ? body[0] : body).error);
  const details = asArray(error.details).map(asObject);
  const reason = details.map((detail) => asString(detail.reason)).find((value) => value !== undefined);
  return {
    status,
    message: asString(error.message) ?? `Upstream returned HTTP ${status}`,
    type: asString(error.status),
    code: reason ?? null,
  };
}
