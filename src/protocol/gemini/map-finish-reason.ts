// Gemini finish reasons ↔ IR finish reasons. Gemini says STOP after function calls too; the caller knows
// whether calls were made and turns that into `tool_calls`.
import type { IrFinishReason } from "../ir.ts";
import type { GeminiFinishReason } from "./schema-types.ts";

const toIr: Record<string, IrFinishReason> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  IMAGE_SAFETY: "content_filter",
  IMAGE_PROHIBITED_CONTENT: "content_filter",
  IMAGE_RECITATION: "content_filter",
  MALFORMED_FUNCTION_CALL: "error",
  UNEXPECTED_TOOL_CALL: "error",
  TOO_MANY_TOOL_CALLS: "error",
};

/** A candidate's finishReason → IR; `calledTools` turns a plain stop into `tool_calls`. */
export function finishReasonToIr(reason: unknown, calledTools: boolean): IrFinishReason {
  const mapped = typeof reason === "string" ? (toIr[reason] ?? "other") : "stop";
  return mapped === "stop" && calledTools ? "tool_calls" : mapped;
}

const fromIr: Record<IrFinishReason, GeminiFinishReason> = {
  stop: "STOP",
  tool_calls: "STOP",
  length: "MAX_TOKENS",
  content_filter: "SAFETY",
  refusal: "SAFETY",
  error: "OTHER",
  other: "OTHER",
};

export function finishReasonFromIr(reason: IrFinishReason): GeminiFinishReason {
  return fromIr[reason];
}
