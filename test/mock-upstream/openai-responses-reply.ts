// Turns the format-neutral reply into Responses API shapes: output items (reasoning, message, function_call),
// the usage object and the response envelope that echoes the request's settings. Shared by the JSON and the
// streaming builders so both always agree.

import type { ConversationReply, ConversationUsage } from "./conversation.ts";
import { fixedCreatedTimestamp } from "./openai-chat-reply.ts";
import { encryptedReasoningPrefix, type ResponsesRequest } from "./openai-responses-request.ts";

export type OutputTextPart = { type: "output_text"; annotations: []; logprobs: []; text: string };

export type ReasoningItem = {
  id: string;
  type: "reasoning";
  summary: Array<{ type: "summary_text"; text: string }>;
  encrypted_content?: string;
};
export type MessageItem = {
  id: string;
  type: "message";
  status: "in_progress" | "completed";
  content: OutputTextPart[];
  role: "assistant";
};
export type FunctionCallItem = {
  id: string;
  type: "function_call";
  status: "in_progress" | "completed";
  arguments: string;
  call_id: string;
  name: string;
};
export type OutputItem = ReasoningItem | MessageItem | FunctionCallItem;

export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export function outputItems(reply: ConversationReply, responseNumber: number, includeEncryptedReasoning: boolean): OutputItem[] {
  const items: OutputItem[] = [];
  if (reply.thinking !== undefined) {
    items.push({
      id: `rs_mock_${responseNumber}`,
      type: "reasoning",
      summary: [{ type: "summary_text", text: reply.thinking }],
      ...(includeEncryptedReasoning ? { encrypted_content: `${encryptedReasoningPrefix}${responseNumber}` } : {}),
    });
  }
  const answer = reply.answer;
  if (answer.kind === "text") {
    items.push({
      id: `msg_mock_${responseNumber}`,
      type: "message",
      status: "completed",
      content: [{ type: "output_text", annotations: [], logprobs: [], text: answer.text }],
      role: "assistant",
    });
    return items;
  }
  for (const [index, call] of answer.calls.entries()) {
    items.push({
      id: `fc_mock_${index + 1}`,
      type: "function_call",
      status: "completed",
      arguments: call.argumentsText,
      call_id: `call_mock_${index + 1}`,
      name: call.name,
    });
  }
  return items;
}

/** Responses counts cached tokens inside input_tokens and reasoning inside output_tokens. */
export function responsesUsage(usage: ConversationUsage): ResponsesUsage {
  const outputTokens = usage.answerTokens + usage.thinkingTokens;
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedPromptTokens, cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: usage.thinkingTokens },
    total_tokens: usage.promptTokens + outputTokens,
  };
}

export type ResponseState = {
  status: "in_progress" | "completed" | "failed";
  output: OutputItem[];
  usage: ResponsesUsage | null;
  error: { code: string; message: string } | null;
};

/** The `response` object: id, status, output and usage, plus the request settings echoed as OpenAI does. */
export function responseObject(request: ResponsesRequest, id: string, state: ResponseState): Record<string, unknown> {
  const body = request.body;
  const reasoning = body["reasoning"];
  return {
    id,
    object: "response",
    created_at: fixedCreatedTimestamp,
    status: state.status,
    background: false,
    error: state.error,
    incomplete_details: null,
    instructions: body["instructions"] ?? null,
    max_output_tokens: body["max_output_tokens"] ?? null,
    model: request.model,
    output: state.output,
    parallel_tool_calls: body["parallel_tool_calls"] ?? true,
    previous_response_id: body["previous_response_id"] ?? null,
    reasoning: { effort: null, summary: null, ...(typeof reasoning === "object" && reasoning !== null ? reasoning : {}) },
    store: body["store"] ?? true,
    temperature: body["temperature"] ?? 1,
    text: body["text"] ?? { format: { type: "text" } },
    tool_choice: body["tool_choice"] ?? "auto",
    tools: body["tools"] ?? [],
    top_p: body["top_p"] ?? 1,
    truncation: body["truncation"] ?? "disabled",
    usage: state.usage,
    user: null,
    metadata: body["metadata"] ?? {},
  };
}
