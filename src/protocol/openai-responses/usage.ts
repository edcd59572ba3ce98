// Token usage between the Responses shape and the IR. Both count cached tokens inside input_tokens and
// reasoning tokens inside output_tokens, so the numbers pass through unchanged.
import type { IrUsage } from "../ir.ts";
import { asNumber, asObject, isObject } from "../json-values.ts";
import type { ResponsesUsage } from "./schema-types.ts";

export function usageFromWire(usage: unknown): IrUsage | undefined {
  if (!isObject(usage)) return undefined;
  const inputTokens = asNumber(usage.input_tokens);
  const outputTokens = asNumber(usage.output_tokens);
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  const decoded: IrUsage = { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 };
  const inputDetails = asObject(usage.input_tokens_details);
  const cached = asNumber(inputDetails.cached_tokens);
  if (cached !== undefined) decoded.cachedInputTokens = cached;
  const cacheWrite = asNumber(inputDetails.cache_write_tokens);
  if (cacheWrite) decoded.cacheWriteTokens = cacheWrite;
  const reasoning = asNumber(asObject(usage.output_tokens_details).reasoning_tokens);
  if (reasoning !== undefined) decoded.reasoningTokens = reasoning;
  return decoded;
}

/** Always a full object: the Vercel AI SDK's schema requires usage on the final response. */
export function usageToWire(usage: IrUsage | undefined): ResponsesUsage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: usage?.cachedInputTokens ?? 0, cache_write_tokens: usage?.cacheWriteTokens ?? 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: inputTokens + outputTokens,
  };
}
