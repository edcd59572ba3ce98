// IR conversation → Anthropic `messages`: encodes each turn, drops turns left empty, merges consecutive
// same-role turns and puts tool results first in their user turn (Anthropic requires both).
import type { IrMessage } from "../ir.ts";
import type { AnthropicContentBlock, AnthropicMessage } from "./schema-types.ts";
import { encodePart } from "./encode-content.ts";

function toolResultsFirst(blocks: AnthropicContentBlock[]): AnthropicContentBlock[] {
  const results = blocks.filter((block) => block.type === "tool_result");
  if (results.length === 0) return blocks;
  return [...results, ...blocks.filter((block) => block.type !== "tool_result")];
}

export function encodeMessages(messages: IrMessage[]): AnthropicMessage[] {
  const encoded: AnthropicMessage[] = [];
  for (const message of messages) {
    const content: AnthropicContentBlock[] = [];
    for (const part of message.parts) {
      const block = encodePart(part);
      if (block) content.push(block);
    }
    if (content.length === 0) continue;
    const previous = encoded.at(-1);
    if (previous && previous.role === message.role) previous.content.push(...content);
    else encoded.push({ role: message.role, content });
  }
  for (const message of encoded) {
    if (message.role === "user") message.content = toolResultsFirst(message.content);
  }
  return encoded;
}

/**
 * With thinking on, Anthropic rejects a tool loop whose last assistant turn does not start with a thinking
 * block (history from another provider, or thinking dropped for lack of an Anthropic signature).
 */
export function toolLoopLacksThinking(messages: AnthropicMessage[]): boolean {
  const lastAssistant = messages.findLast((message) => message.role === "assistant");
  if (!lastAssistant || !lastAssistant.content.some((block) => block.type === "tool_use")) return false;
  const first = lastAssistant.content[0];
  return first?.type !== "thinking" && first?.type !== "redacted_thinking";
}
