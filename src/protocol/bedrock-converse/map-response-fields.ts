// Bedrock Converse response fields → IR: `stopReason` to a finish reason and `usage` to IR usage. Shared by the
// JSON decoder and the stream decoder (whose messageStop and metadata events carry the same fields).
import type { IrFinishReason, IrUsage } from "../ir.ts";
import { asNumber, asObject } from "../json-values.ts";

const finishReasons: Readonly<Record<string, IrFinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  tool_use: "tool_calls",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  guardrail_intervened: "content_filter",
  content_filtered: "content_filter",
  malformed_model_output: "other",
  malformed_tool_use: "other",
};

export function finishReasonToIr(reason: unknown): IrFinishReason {
  if (typeof reason !== "string") return "stop";
  return finishReasons[reason] ?? "other";
}

/**
 * Bedrock counts `inputTokens` without the prompt tokens read from or written to its cache (reported apart as
 * cacheReadInputTokens / cacheWriteInputTokens); the IR's input count includes both.
 */
export function usageToIr(raw: unknown): IrUsage | undefined {
  const usage = asObject(raw);
  const input = asNumber(usage.inputTokens);
  const output = asNumber(usage.outputTokens);
  if (input === undefined && output === undefined) return undefined;
  const cacheRead = asNumber(usage.cacheReadInputTokens) ?? 0;
  const cacheWrite = asNumber(usage.cacheWriteInputTokens) ?? 0;
  return {
    inputTokens: (input ?? 0) + cacheRead + cacheWrite,
    outputTokens: output ?? 0,
    ...(cacheRead ? { cachedInputTokens: cacheRead } : {}),
    ...(cacheWrite ? { cacheWriteTokens: cacheWrite } : {}),
  };
}
