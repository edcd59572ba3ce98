// An Ollama `/api/chat` response (stream: false) → IR: `message.thinking` becomes reasoning, `message.content`
// text, `message.tool_calls` tool calls (object arguments stringified, ids invented when Ollama sent none).
// Lenient: missing or unknown fields never throw.
import type { IrPart, IrResponse, IrToolCallPart } from "../ir.ts";
import { asArray, asObject, asString, isObject } from "../json-values.ts";
import { ollamaCallId } from "./call-ids.ts";
import { createdOf, finishReasonToIr, usageToIr } from "./map-response-fields.ts";

export function toolCallPart(raw: unknown): IrToolCallPart {
  const call = asObject(raw);
  const fn = asObject(call.function);
  const args = fn.arguments;
  return { type: "tool-call", id: ollamaCallId(call.id), name: asString(fn.name) ?? "", arguments: typeof args === "string" ? args : JSON.stringify(isObject(args) ? args : {}) };
}

export function decodeOllamaResponse(body: unknown): IrResponse {
  const response = asObject(body);
  const message = asObject(response.message);
  const parts: IrPart[] = [];
  const thinking = asString(message.thinking);
  if (thinking) parts.push({ type: "reasoning", text: thinking });
  const content = asString(message.content);
  if (content) parts.push({ type: "text", text: content });
  for (const call of asArray(message.tool_calls)) parts.push(toolCallPart(call));
  return {
    id: `ollama-${crypto.randomUUID()}`,
    model: asString(response.model) ?? "",
    created: createdOf(response),
    parts,
    finishReason: finishReasonToIr(response.done_reason, parts.some((part) => part.type === "tool-call")),
    usage: usageToIr(response),
  };
}
