// Chooses `max_tokens`, `thinking` and `output_config.effort` for an upstream request. Anthropic requires
// max_tokens, and a thinking budget must be at least 1024 and below max_tokens; the rules live here.
import type { IrRequest, ReasoningEffort } from "../ir.ts";
import type { AnthropicEffort, AnthropicThinkingConfig } from "./schema-types.ts";

/** Used when the client gave no max tokens and the catalog does not know the model's limit. */
export const fallbackMaxTokens = 8192;
/**
 * The most we ask for when the client gave no max tokens. Generous enough not to cut long answers short,
 * and below 21,333 so a non-streaming request is accepted everywhere (longer ones must stream).
 */
export const defaultMaxTokensCap = 16384;
export const minimumThinkingBudget = 1024;

const effortByReasoningEffort: Record<ReasoningEffort, AnthropicEffort> = {
  none: "low",
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "xhigh",
  max: "max",
};

/** A thinking budget for a client that turned thinking on with an effort but no budget (OpenAI and Responses clients). */
const budgetByReasoningEffort: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
  max: 32000,
};

export type OutputBudget = { maxTokens: number; thinking?: AnthropicThinkingConfig; effort?: AnthropicEffort };

/**
 * `allowThinking` is false when thinking would be rejected anyway (forced tool choice, or a tool loop whose
 * assistant turn carries no Anthropic thinking block); thinking is then left off rather than failing.
 */
export function encodeOutputBudget(request: IrRequest, modelLimit: number | undefined, allowThinking: boolean): OutputBudget {
  const limit = modelLimit !== undefined && modelLimit > 0 ? Math.floor(modelLimit) : undefined;
  const requested = request.maxOutputTokens !== undefined && request.maxOutputTokens > 0 ? Math.floor(request.maxOutputTokens) : undefined;
  let maxTokens = requested ?? Math.min(limit ?? fallbackMaxTokens, defaultMaxTokensCap);
  if (limit !== undefined) maxTokens = Math.min(maxTokens, limit);

  const reasoning = request.reasoning;
  const budget: OutputBudget = { maxTokens };
  if (reasoning?.effort !== undefined) budget.effort = effortByReasoningEffort[reasoning.effort];
  if (!reasoning) return budget;
  if (reasoning.enabled === false) {
    budget.thinking = { type: "disabled" };
    return budget;
  }
  if (!allowThinking) return budget;

  const effortBudget = reasoning.enabled === true && reasoning.effort !== undefined ? budgetByReasoningEffort[reasoning.effort] : undefined;
  const requestedBudget = reasoning.budgetTokens ?? effortBudget;
  if (requestedBudget === 0) return budget;
  if (requestedBudget !== undefined) {
    let thinkingBudget = Math.max(minimumThinkingBudget, Math.floor(requestedBudget));
    // max_tokens counts thinking too: keep the room the client asked for on top of the budget.
    if (maxTokens <= thinkingBudget) maxTokens = thinkingBudget + maxTokens;
    if (limit !== undefined && maxTokens > limit) {
      maxTokens = limit;
      thinkingBudget = Math.min(thinkingBudget, limit - 1);
    }
    budget.maxTokens = maxTokens;
    if (thinkingBudget >= minimumThinkingBudget) budget.thinking = { type: "enabled", budget_tokens: thinkingBudget };
    return budget;
  }
  if (reasoning.enabled === true) budget.thinking = { type: "adaptive" };
  return budget;
}
