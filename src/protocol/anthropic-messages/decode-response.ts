// An upstream Anthropic Messages response → IR response. Lenient: unknown fields and block types (server
// tool calls and results, future blocks) are skipped, never fatal.
import type { IrPart, IrResponse } from "../ir.ts";
import { asArray, asObject, asString } from "../json-values.ts";
import { decodeThinkingBlock } from "./decode-content.ts";
import { finishReasonFromAnthropic } from "./map-stop-reason.ts";
import { irUsageFromCounters, readUsageCounters } from "./map-usage.ts";

function decodeBlock(item: unknown): IrPart | undefined {
  const block = asObject(item);
  switch (block.type) {
    case "text":
      return { type: "text", text: asString(block.text) ?? "" };
    case "thinking":
      return decodeThinkingBlock(block);
    case "redacted_thinking":
      return { type: "reasoning", text: "", redacted: asString(block.data) ?? "" };
    case "tool_use":
      return { type: "tool-call", id: asString(block.id) ?? "", name: asString(block.name) ?? "", arguments: JSON.stringify(block.input ?? {}) };
    default:
      return undefined;
  }
}

export function decodeAnthropicResponse(body: unknown): IrResponse {
  const message = asObject(body);
  const parts = asArray(message.content).flatMap((block) => decodeBlock(block) ?? []);
  const response: IrResponse = {
    id: asString(message.id) ?? "",
    model: asString(message.model) ?? "",
    created: Math.floor(Date.now() / 1000),
    parts,
    finishReason: finishReasonFromAnthropic(message.stop_reason),
  };
  const stopSequence = asString(message.stop_sequence);
  if (stopSequence !== undefined) response.stopSequence = stopSequence;
  if (message.usage !== undefined) response.usage = irUsageFromCounters(readUsageCounters(message.usage));
  return response;
}
