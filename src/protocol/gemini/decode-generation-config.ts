// Gemini `generationConfig` from a client → the IR's sampling, length, structured-output and reasoning fields.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrRequest, IrResponseFormat, ReasoningEffort } from "../ir.ts";
import { asArray, asNumber, asString, isObject, type JsonObject } from "../json-values.ts";
import { toJsonSchema } from "./convert-schema.ts";
import { field } from "./wire-fields.ts";

type GenerationFields = Pick<
  IrRequest,
  "temperature" | "topP" | "topK" | "maxOutputTokens" | "stop" | "seed" | "presencePenalty" | "frequencyPenalty" | "responseFormat" | "reasoning"
>;

const thinkingLevels: Record<string, ReasoningEffort> = { MINIMAL: "minimal", LOW: "low", MEDIUM: "medium", HIGH: "high" };

/** `responseJsonSchema` (JSON Schema) or `responseSchema` (OpenAPI subset, converted). */
function responseSchemaOf(config: JsonObject): Record<string, unknown> | undefined {
  const jsonSchema = field(config, "responseJsonSchema");
  if (isObject(jsonSchema)) return jsonSchema;
  const schema = toJsonSchema(field(config, "responseSchema"));
  return isObject(schema) ? schema : undefined;
}

function responseFormatOf(config: JsonObject): IrResponseFormat | undefined {
  if (asString(field(config, "responseMimeType")) !== "application/json") return undefined;
  const schema = responseSchemaOf(config);
  return schema ? { type: "json_schema", name: "response", schema } : { type: "json_object" };
}

/** thinkingBudget 0 turns thinking off, -1 lets the model decide, a positive number is a budget. */
function reasoningOf(config: JsonObject): IrRequest["reasoning"] {
  const thinking = field(config, "thinkingConfig");
  if (!isObject(thinking)) return undefined;
  const reasoning: NonNullable<IrRequest["reasoning"]> = {};
  const includeThoughts = field(thinking, "includeThoughts");
  if (typeof includeThoughts === "boolean") reasoning.includeThoughts = includeThoughts;
  const budget = asNumber(field(thinking, "thinkingBudget"));
  if (budget === 0) reasoning.enabled = false;
  else if (budget !== undefined) {
    reasoning.enabled = true;
    if (budget > 0) reasoning.budgetTokens = budget;
  }
  const level = thinkingLevels[asString(field(thinking, "thinkingLevel"))?.toUpperCase() ?? ""];
  if (level) {
    reasoning.effort = level;
    reasoning.enabled ??= true;
  }
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}

export function decodeGenerationConfig(raw: unknown): GenerationFields {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new InvalidRequestError("'generationConfig' must be an object.", "invalid_type", "generationConfig");
  const stop = field(raw, "stopSequences");
  if (stop !== undefined && !asArray(stop).every((item) => typeof item === "string")) {
    throw new InvalidRequestError("'generationConfig.stopSequences' must be an array of strings.", "invalid_type", "generationConfig.stopSequences");
  }
  const fields: GenerationFields = {
    temperature: asNumber(raw.temperature),
    topP: asNumber(field(raw, "topP")),
    topK: asNumber(field(raw, "topK")),
    maxOutputTokens: asNumber(field(raw, "maxOutputTokens")),
    stop: Array.isArray(stop) && stop.length > 0 ? (stop as string[]) : undefined,
    seed: asNumber(raw.seed),
    presencePenalty: asNumber(field(raw, "presencePenalty")),
    frequencyPenalty: asNumber(field(raw, "frequencyPenalty")),
    responseFormat: responseFormatOf(raw),
    reasoning: reasoningOf(raw),
  };
  for (const key of Object.keys(fields) as Array<keyof GenerationFields>) if (fields[key] === undefined) delete fields[key];
  return fields;
}
