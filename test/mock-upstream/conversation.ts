// The format-neutral "model" behind the Anthropic, Gemini and Responses mocks: each format reduces its request to
// a Conversation, and this module derives the deterministic reply and usage from it, with the same rules as the
// Chat Completions mock (echo the last user text, call the offered tools, repeat a tool result, think out loud),
// so one conformance suite can compare the answers of every format.

import { cachedPromptTokensFor, type Scenario } from "./scenarios.ts";
import { countWords, splitIntoFragments, splitIntoWordPieces } from "./text-pieces.ts";

/** What the conversation's final turn asks for. */
export type LastTurn =
  | { kind: "user-text" }
  | { kind: "tool-result"; resultText: string }
  /** e.g. an assistant prefill: answered with a plain echo. */
  | { kind: "other" };

export type Conversation = {
  model: string;
  /** Every text that counts as prompt: instructions, message texts and tool results. */
  promptTexts: string[];
  /** Text of the last user turn that has any text ("" when none). */
  lastUserText: string;
  lastTurn: LastTurn;
  /** Tools the model may call, in request order, after the tool choice was applied. */
  callableToolNames: string[];
  /** False when the request allows at most one tool call per turn. */
  parallelToolCalls: boolean;
  thinkingRequested: boolean;
  /** The request asked for JSON output (a schema or JSON mode): the echo is then a JSON object. */
  structuredOutputRequested: boolean;
};

export type ReplyToolCall = { name: string; input: { query: string }; argumentsText: string };

export type ReplyAnswer = { kind: "text"; text: string } | { kind: "tool-calls"; calls: ReplyToolCall[] };

export type ConversationReply = {
  /** Reasoning text shown before the answer, when the request asked for thinking. */
  thinking: string | undefined;
  answer: ReplyAnswer;
};

export type ConversationUsage = {
  /** All prompt tokens, cached ones included. */
  promptTokens: number;
  /** The part of promptTokens served from cache (3 when the model name contains "cached"). */
  cachedPromptTokens: number;
  /** Tokens of the visible answer (text words, or words of the tool-call arguments). */
  answerTokens: number;
  thinkingTokens: number;
};

export function deriveReply(conversation: Conversation, scenario: Scenario, headers: Record<string, string>): ConversationReply {
  const thinking = conversation.thinkingRequested ? `Let me think about ${conversation.lastUserText}` : undefined;
  return { thinking, answer: deriveAnswer(conversation, scenario, headers) };
}

function deriveAnswer(conversation: Conversation, scenario: Scenario, headers: Record<string, string>): ReplyAnswer {
  if (scenario.kind === "echo-headers") return { kind: "text", text: JSON.stringify(headers) };
  const lastTurn = conversation.lastTurn;
  if (lastTurn.kind === "tool-result") return { kind: "text", text: `Tool said: ${lastTurn.resultText}` };

  const maximumCalls = conversation.parallelToolCalls ? 2 : 1;
  const calledToolNames = conversation.callableToolNames.slice(0, maximumCalls);
  if (lastTurn.kind === "user-text" && calledToolNames.length > 0) {
    const input = { query: conversation.lastUserText };
    const argumentsText = JSON.stringify(input);
    return { kind: "tool-calls", calls: calledToolNames.map((name) => ({ name, input, argumentsText })) };
  }
  if (conversation.structuredOutputRequested) return { kind: "text", text: JSON.stringify({ echo: conversation.lastUserText }) };
  return { kind: "text", text: `Echo: ${conversation.lastUserText}` };
}

export function computeConversationUsage(conversation: Conversation, reply: ConversationReply): ConversationUsage {
  const promptWords = conversation.promptTexts.reduce((sum, text) => sum + countWords(text), 0);
  const promptTokens = Math.max(1, promptWords);
  const answer = reply.answer;
  const answerTokens =
    answer.kind === "text"
      ? countWords(answer.text)
      : answer.calls.reduce((sum, call) => sum + countWords(call.argumentsText), 0);
  return {
    promptTokens,
    cachedPromptTokens: cachedPromptTokensFor(conversation.model, promptTokens),
    answerTokens,
    thinkingTokens: reply.thinking === undefined ? 0 : countWords(reply.thinking),
  };
}

/** The text pieces a mid-stream failure sends before it fails: the first two words (as in the Chat mock). */
export function piecesBeforeFailure(answer: ReplyAnswer): string[] {
  const text = answer.kind === "text" ? answer.text : "Echo: partial reply";
  const pieces = splitIntoWordPieces(text);
  return pieces.length >= 2 ? pieces.slice(0, 2) : splitIntoFragments(text, 2);
}
