// Gemini usageMetadata ↔ IR usage. Gemini counts thoughts apart from candidates and tool-use prompts apart
// from the prompt; the IR folds reasoning into output and everything sent into input (OpenAI semantics).
import type { IrUsage } from "../ir.ts";
import { asNumber, isObject } from "../json-values.ts";
import type { GeminiUsageMetadata } from "./schema-types.ts";
import { field } from "./wire-fields.ts";

export function usageToIr(raw: unknown): IrUsage | undefined {
  if (!isObject(raw)) return undefined;
  const prompt = asNumber(field(raw, "promptTokenCount"));
  const candidates = asNumber(field(raw, "candidatesTokenCount"));
  const thoughts = asNumber(field(raw, "thoughtsTokenCount")) ?? 0;
  const toolUse = asNumber(field(raw, "toolUsePromptTokenCount")) ?? 0;
  const cached = asNumber(field(raw, "cachedContentTokenCount"));
  if (prompt === undefined && candidates === undefined && thoughts === 0) return undefined;
  const usage: IrUsage = { inputTokens: (prompt ?? 0) + toolUse, outputTokens: (candidates ?? 0) + thoughts };
  if (cached) usage.cachedInputTokens = cached;
  if (thoughts) usage.reasoningTokens = thoughts;
  return usage;
}

export function usageFromIr(usage: IrUsage): GeminiUsageMetadata {
  const reasoning = usage.reasoningTokens ?? 0;
  const metadata: GeminiUsageMetadata = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - reasoning),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
  if (reasoning) metadata.thoughtsTokenCount = reasoning;
  if (usage.cachedInputTokens) metadata.cachedContentTokenCount = usage.cachedInputTokens;
  return metadata;
}
