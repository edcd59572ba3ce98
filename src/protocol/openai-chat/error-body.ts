// IR errors ↔ the OpenAI error body `{error:{message,type,param,code}}`.
import type { IrError } from "../ir.ts";
import { asObject, asString } from "../json-values.ts";

const typeByStatus: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "invalid_request_error",
  413: "invalid_request_error",
  429: "rate_limit_error",
};

export function chatErrorBody(error: IrError) {
  return { error: { message: error.message, type: error.type ?? typeByStatus[error.status] ?? "server_error", param: null, code: error.code ?? null } };
}

export function decodeChatError(status: number, body: unknown): IrError {
  const error = asObject(asObject(body).error);
  return { status, message: asString(error.message) ?? `Upstream answered HTTP ${status}`, type: asString(error.type), code: asString(error.code) ?? null };
}
