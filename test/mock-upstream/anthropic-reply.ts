// Turns the format-neutral reply into Anthropic Messages shapes: the content blocks (thinking, text, tool_use),
// the stop reason and the usage object. Shared by the JSON and the streaming builders so both always agree.

import type { ConversationReply, ConversationUsage } from "./conversation.ts";
import { anthropicSignaturePrefix } from "./anthropic-request.ts";

export type AnthropicContentBlock =
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export type AnthropicUsage = {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: "standard";
};

export type AnthropicMessage = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: "end_turn" | "tool_use" | null;
  stop_sequence: null;
  usage: AnthropicUsage;
};

export function anthropicContentBlocks(reply: ConversationReply, responseNumber: number): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  if (reply.thinking !== undefined) {
    blocks.push({ type: "thinking", thinking: reply.thinking, signature: `${anthropicSignaturePrefix}${responseNumber}` });
  }
  const answer = reply.answer;
  if (answer.kind === "text") {
    blocks.push({ type: "text", text: answer.text });
  } else {
    for (const [index, call] of answer.calls.entries()) {
      blocks.push({ type: "tool_use", id: `toolu_mock_${index + 1}`, name: call.name, input: call.input });
    }
  }
  return blocks;
}

export function anthropicStopReason(reply: ConversationReply): "end_turn" | "tool_use" {
  return reply.answer.kind === "text" ? "end_turn" : "tool_use";
}

/** Anthropic's `input_tokens` excludes cache reads; `output_tokens` includes thinking. */
export function anthropicUsage(usage: ConversationUsage, outputTokens: number): AnthropicUsage {
  return {
    input_tokens: usage.promptTokens - usage.cachedPromptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: usage.cachedPromptTokens,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}

export function totalOutputTokens(usage: ConversationUsage): number {
  return usage.answerTokens + usage.thinkingTokens;
}
