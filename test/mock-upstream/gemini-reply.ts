// Turns the format-neutral reply into Gemini shapes: thought parts, answer parts (text or functionCall, the first
// carrying the thoughtSignature), usageMetadata (running totals in streams) and the GenerateContentResponse
// envelope. Shared by the JSON and the streaming builders so both always agree.

import type { ConversationReply, ConversationUsage } from "./conversation.ts";
import { geminiSignaturePrefix } from "./gemini-request.ts";

export type GeminiPart =
  | { text: string; thought?: true; thoughtSignature?: string }
  | { functionCall: { name: string; args: Record<string, unknown>; id: string }; thoughtSignature?: string };

export type GeminiReplyParts = { thoughtParts: GeminiPart[]; answerParts: GeminiPart[] };

/** Identifies one response: its model and id, shared by every chunk of a stream. */
export type GeminiResponseIdentity = { model: string; responseId: string };

export function geminiReplyParts(reply: ConversationReply, responseNumber: number): GeminiReplyParts {
  const answer = reply.answer;
  const answerParts: GeminiPart[] =
    answer.kind === "text"
      ? [{ text: answer.text }]
      : answer.calls.map((call, index) => ({ functionCall: { name: call.name, args: call.input, id: `call_mock_${index + 1}` } }));
  if (reply.thinking === undefined) return { thoughtParts: [], answerParts };
  return {
    thoughtParts: [{ text: reply.thinking, thought: true }],
    answerParts: answerParts.map((part, index) =>
      index === 0 ? { ...part, thoughtSignature: `${geminiSignaturePrefix}${responseNumber}` } : part,
    ),
  };
}

/** `candidatesTokenCount` excludes thoughts; `promptTokenCount` includes cached tokens; total adds all. */
export function geminiUsageMetadata(usage: ConversationUsage, candidatesTokens: number, thoughtsTokens: number): Record<string, unknown> {
  const cached = usage.cachedPromptTokens;
  return {
    promptTokenCount: usage.promptTokens,
    candidatesTokenCount: candidatesTokens,
    totalTokenCount: usage.promptTokens + candidatesTokens + thoughtsTokens,
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    promptTokensDetails: [{ modality: "TEXT", tokenCount: usage.promptTokens }],
    ...(cached > 0 ? { cacheTokensDetails: [{ modality: "TEXT", tokenCount: cached }] } : {}),
    ...(thoughtsTokens > 0 ? { thoughtsTokenCount: thoughtsTokens } : {}),
  };
}

export function geminiResponseBody(
  parts: GeminiPart[],
  finished: boolean,
  usageMetadata: Record<string, unknown>,
  identity: GeminiResponseIdentity,
): Record<string, unknown> {
  return {
    candidates: [{ content: { parts, role: "model" }, ...(finished ? { finishReason: "STOP" } : {}), index: 0 }],
    usageMetadata,
    modelVersion: identity.model,
    responseId: identity.responseId,
  };
}
