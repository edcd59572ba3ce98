// IR sampling, length, structured-output and reasoning fields → Gemini `generationConfig`.
//
// Thinking differs by generation: Gemini 3 takes `thinkingLevel` (and cannot turn thinking off), Gemini 1.x/2.x
// only `thinkingBudget`, and a request carrying both is rejected. Gemini 3 still accepts `thinkingBudget` for
// backward compatibility, so budgets are the safe form: an explicit budget is always sent as one, and an
// effort becomes a level only for ids that name Gemini 3 or later (a budget for older or unnamed models,
// e.g. aliases such as `gemini-flash-latest`).
import type { UpstreamTarget } from "../format-codec.ts";
import type { IrRequest, ReasoningEffort } from "../ir.ts";
import { geminiMajorVersion } from "./model-generation.ts";
import type { GeminiGenerationConfig, GeminiThinkingConfig, GeminiThinkingLevel } from "./schema-types.ts";

const thinkingLevels: Record<ReasoningEffort, GeminiThinkingLevel | undefined> = {
  none: undefined,
  minimal: "MINIMAL",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH",
  xhigh: "HIGH",
  max: "HIGH",
};

/** Effort → token budget for Gemini 1.x/2.x (2.5 Flash allows 0–24576; 2.5 Pro 128–32768). */
const thinkingBudgets: Record<ReasoningEffort, number> = { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 24576, max: 24576 };

/** JSON Schema for `parametersJsonSchema`/`responseJsonSchema`, without the `$schema` marker. */
export function withoutSchemaMarker(schema: Record<string, unknown>): Record<string, unknown> {
  if (!("$schema" in schema)) return schema;
  const { $schema: _marker, ...rest } = schema;
  return rest;
}

function thinkingConfigOf(reasoning: IrRequest["reasoning"], model: string): GeminiThinkingConfig | undefined {
  if (!reasoning) return undefined;
  const major = geminiMajorVersion(model);
  const levels = major !== undefined && major >= 3;
  // Only Gemini 1.x/2.x models can be told not to think (and not 2.5 Pro); others keep their default.
  const canTurnOff = major !== undefined && major < 3;
  const off = reasoning.enabled === false || reasoning.effort === "none";
  const config: GeminiThinkingConfig = {};
  if (off) {
    if (canTurnOff) config.thinkingBudget = 0;
  } else if (reasoning.budgetTokens !== undefined) {
    config.thinkingBudget = reasoning.budgetTokens;
  } else if (reasoning.effort) {
    if (levels) config.thinkingLevel = thinkingLevels[reasoning.effort];
    else config.thinkingBudget = thinkingBudgets[reasoning.effort];
  }
  const includeThoughts = reasoning.includeThoughts ?? (off ? undefined : true);
  if (includeThoughts !== undefined) config.includeThoughts = includeThoughts;
  return Object.keys(config).length > 0 ? config : undefined;
}

function clampTokens(requested: number | undefined, limit: number | undefined): number | undefined {
  if (requested === undefined) return undefined;
  return limit !== undefined ? Math.min(requested, limit) : requested;
}

export function encodeGenerationConfig(request: IrRequest, target: UpstreamTarget): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    maxOutputTokens: clampTokens(request.maxOutputTokens, target.maxOutputTokens),
    stopSequences: request.stop && request.stop.length > 0 ? request.stop : undefined,
    seed: request.seed,
    presencePenalty: request.presencePenalty,
    frequencyPenalty: request.frequencyPenalty,
    thinkingConfig: thinkingConfigOf(request.reasoning, target.model),
  };
  const format = request.responseFormat;
  if (format?.type === "json_object" || format?.type === "json_schema") config.responseMimeType = "application/json";
  if (format?.type === "json_schema") config.responseJsonSchema = withoutSchemaMarker(format.schema);
  for (const key of Object.keys(config) as Array<keyof GeminiGenerationConfig>) if (config[key] === undefined) delete config[key];
  return Object.keys(config).length > 0 ? config : undefined;
}
