// IR response → the Anthropic Messages JSON a client expects. Also home of the id and thinking-block rules the
// stream encoder shares.
import type { IrPart, IrResponse } from "../ir.ts";
import { parseArguments } from "../json-values.ts";
import { stopReasonFromIr } from "./map-stop-reason.ts";
import { anthropicUsageFromIr } from "./map-usage.ts";
import type { AnthropicResponseBody } from "./schema-types.ts";
import { anthropicToolUseId } from "./tool-use-id.ts";

/** Anthropic message ids start with `msg_`; an upstream id from another format gets the prefix. */
export function anthropicMessageId(id: string): string {
  if (id.startsWith("msg_")) return id;
  return `msg_${id || crypto.randomUUID().replaceAll("-", "")}`;
}

/**
 * Reasoning becomes a thinking block. Only an Anthropic signature is sent; reasoning from another provider
 * gets `signature: ""` so clients still show it (the SDK does not check signatures). When the client replays
 * it, our decoder reads "" as unsigned and the request encoder drops it for Anthropic upstreams.
 */
export function thinkingSignature(part: { signature?: { family: string; value: string } }): string {
  return part.signature?.family === "anthropic" ? part.signature.value : "";
}

function encodeBlock(part: IrPart): AnthropicResponseBody["content"][number] | undefined {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "reasoning":
      if (part.redacted !== undefined) return { type: "redacted_thinking", data: part.redacted };
      if (part.text === "" && thinkingSignature(part) === "") return undefined;
      return { type: "thinking", thinking: part.text, signature: thinkingSignature(part) };
    case "tool-call":
      return { type: "tool_use", id: anthropicToolUseId(part.id), name: part.name, input: parseArguments(part.arguments) };
    default:
      return undefined;
  }
}

export function encodeAnthropicResponse(response: IrResponse, context: { requestedModel: string }): AnthropicResponseBody {
  return {
    id: anthropicMessageId(response.id),
    type: "message",
    role: "assistant",
    model: context.requestedModel,
    content: response.parts.flatMap((part) => encodeBlock(part) ?? []),
    stop_reason: stopReasonFromIr(response.finishReason, response.stopSequence),
    stop_sequence: response.stopSequence ?? null,
    usage: anthropicUsageFromIr(response.usage),
  };
}
