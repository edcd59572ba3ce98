// IR → the Chat Completions JSON a client expects.
import type { IrResponse, IrUsage } from "../ir.ts";
import { withoutUndefined } from "../json-values.ts";
import { finishReasonFromIr } from "./map-finish-reason.ts";

export function chatUsageFromIr(usage: IrUsage | undefined) {
  if (!usage) return undefined;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

export function chatCompletionId(id: string): string {
  return id.startsWith("chatcmpl-") ? id : `chatcmpl-${id}`;
}

export function encodeChatResponse(response: IrResponse, context: { requestedModel: string }) {
  const text = response.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  const reasoning = response.parts.flatMap((part) => (part.type === "reasoning" ? [part.text] : [])).join("");
  const toolCalls = response.parts.flatMap((part) =>
    part.type === "tool-call" ? [{ id: part.id, type: "function" as const, function: { name: part.name, arguments: part.arguments } }] : [],
  );
  return {
    id: chatCompletionId(response.id),
    object: "chat.completion",
    created: response.created,
    model: context.requestedModel,
    choices: [
      {
        index: 0,
        message: withoutUndefined({
          role: "assistant",
          content: text || (toolCalls.length > 0 ? null : ""),
          refusal: null,
          reasoning_content: reasoning || undefined,
          tool_calls: toolCalls.length > 0 ? toolCalls : undefined,
        }),
        finish_reason: finishReasonFromIr(response.finishReason),
        logprobs: null,
      },
    ],
    usage: chatUsageFromIr(response.usage),
  };
}
