// Cohere v2 response fields → IR: `finish_reason` to a finish reason, `usage` to IR usage. Shared by the JSON
// and the streaming decoder.
import type { IrFinishReason, IrUsage } from "../ir.ts";
import { asNumber, asObject } from "../json-values.ts";

export function finishReasonToIr(reason: unknown): IrFinishReason {
  switch (reason) {
    case "COMPLETE":
    case "STOP_SEQUENCE":
      return "stop";
    case "MAX_TOKENS":
      return "length";
    case "TOOL_CALL":
      return "tool_calls";
    case "ERROR":
    case "TIMEOUT":
      return "error";
    default:
      return reason == null ? "stop" : "other";
  }
}

/**
 * Billed units first (what the account is charged, and what catalog prices apply to), the model's raw token
 * counts when billing is absent; `cached_tokens` are the prompt tokens served from Cohere's cache.
 */
export function usageToIr(raw: unknown): IrUsage | undefined {
  const usage = asObject(raw);
  const billed = asObject(usage.billed_units);
  const tokens = asObject(usage.tokens);
  const input = asNumber(billed.input_tokens) ?? asNumber(tokens.input_tokens);
  const output = asNumber(billed.output_tokens) ?? asNumber(tokens.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const cached = asNumber(usage.cached_tokens);
  return { inputTokens: input ?? 0, outputTokens: output ?? 0, ...(cached ? { cachedInputTokens: cached } : {}) };
}
