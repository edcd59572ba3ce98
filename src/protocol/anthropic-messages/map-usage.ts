// Anthropic usage ↔ IR usage. Anthropic's `input_tokens` excludes cache reads and writes; the IR's
// `inputTokens` includes them (OpenAI semantics), so both directions add or subtract the cache counts.
import type { IrUsage } from "../ir.ts";
import { asNumber, asObject } from "../json-values.ts";
import type { AnthropicUsage } from "./schema-types.ts";

/** The counters an Anthropic usage object carries; absent ones stay undefined so reports can be merged. */
export type AnthropicUsageCounters = {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
  thinking?: number;
};

export function readUsageCounters(usage: unknown): AnthropicUsageCounters {
  const object = asObject(usage);
  return {
    input: asNumber(object.input_tokens),
    output: asNumber(object.output_tokens),
    cacheRead: asNumber(object.cache_read_input_tokens),
    cacheCreation: asNumber(object.cache_creation_input_tokens),
    thinking: asNumber(asObject(object.output_tokens_details).thinking_tokens),
  };
}

/** Later counters win where present (message_delta usage is cumulative, not additive). */
export function mergeUsageCounters(earlier: AnthropicUsageCounters, later: AnthropicUsageCounters): AnthropicUsageCounters {
  return {
    input: later.input ?? earlier.input,
    output: later.output ?? earlier.output,
    cacheRead: later.cacheRead ?? earlier.cacheRead,
    cacheCreation: later.cacheCreation ?? earlier.cacheCreation,
    thinking: later.thinking ?? earlier.thinking,
  };
}

export function irUsageFromCounters(counters: AnthropicUsageCounters): IrUsage {
  const cacheRead = counters.cacheRead ?? 0;
  const cacheCreation = counters.cacheCreation ?? 0;
  const usage: IrUsage = { inputTokens: (counters.input ?? 0) + cacheRead + cacheCreation, outputTokens: counters.output ?? 0 };
  if (counters.cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
  if (counters.cacheCreation !== undefined) usage.cacheWriteTokens = cacheCreation;
  if (counters.thinking !== undefined) usage.reasoningTokens = counters.thinking;
  return usage;
}

/** IR usage → Anthropic usage for a client: the uncached input part, with the cache counts split out. */
export function anthropicUsageFromIr(usage: IrUsage | undefined): AnthropicUsage {
  const cacheRead = usage?.cachedInputTokens ?? 0;
  const cacheCreation = usage?.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - cacheRead - cacheCreation),
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
  };
}
