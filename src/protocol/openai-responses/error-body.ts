// IR errors ↔ the OpenAI error body `{error:{message,type,param,code}}` that Responses shares with Chat
// Completions, plus the HTTP-status ↔ error-code mapping used for errors that arrive inside a stream.
import type { IrError } from "../ir.ts";
import { asObject, asString } from "../json-values.ts";
import { chatErrorBody } from "../openai-chat/error-body.ts";
import type { OpenAIErrorBody } from "./schema-types.ts";

export function responsesErrorBody(error: IrError): OpenAIErrorBody {
  return chatErrorBody(error);
}

export function decodeResponsesError(status: number, body: unknown): IrError {
  const object = asObject(body);
  // A failed response object carries its error under response.error; a plain error body under error.
  const error = asObject(object.error ?? asObject(object.response).error);
  return {
    status,
    message: asString(error.message) ?? (typeof body === "string" && body ? body : `Upstream answered HTTP ${status}`),
    type: asString(error.type),
    code: asString(error.code) ?? null,
  };
}

/** An in-stream error (`error` event or response.failed) carries a code but no HTTP status; pick one. */
export function statusForErrorCode(code: string | undefined): number {
  if (!code) return 500;
  if (code === "rate_limit_exceeded" || code === "insufficient_quota") return 429;
  if (code === "server_error") return 500;
  if (code.startsWith("invalid") || code.includes("image") || code === "context_length_exceeded") return 400;
  return 500;
}

/** The `code` to send a client for an IR error inside a stream (never null: the Vercel AI SDK requires one). */
export function streamErrorCode(error: IrError): string {
  if (error.code) return error.code;
  if (error.status === 429) return "rate_limit_exceeded";
  if (error.status >= 400 && error.status < 500) return "invalid_request_error";
  return "server_error";
}
