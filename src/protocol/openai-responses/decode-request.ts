// A client's POST /v1/responses body → IrRequest. Validates what the gateway relies on (model, input and the
// type of every field it reads) and throws InvalidRequestError naming the field; fields the IR has no room for
// (include, truncation, background, prompt_cache_key, ...) are ignored.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrRequest, ReasoningEffort } from "../ir.ts";
import { isObject, type JsonObject } from "../json-values.ts";
import { decodeInput } from "./decode-input-items.ts";
import { decodeTextFormat } from "./text-format.ts";
import { decodeToolChoice, decodeTools } from "./tool-definitions.ts";

const reasoningEfforts: readonly ReasoningEffort[] = ["none", "minimal", "low", "medium", "high", "xhigh", "max"];

export function decodeResponsesRequest(body: unknown): IrRequest {
  if (!isObject(body)) throw new InvalidRequestError("The request body must be a JSON object");
  const model = body.model;
  if (typeof model !== "string" || model.length === 0) throw new InvalidRequestError("model must be a non-empty string", null, "model");
  const input = body.input;
  if (typeof input !== "string" && !Array.isArray(input)) {
    throw new InvalidRequestError("input must be a string or an array of input items", null, "input");
  }

  const { system, messages } = decodeInput(input);
  const instructions = optional(body, "instructions", "string");
  if (instructions) system.unshift({ type: "text", text: instructions });

  const request: IrRequest = { model, system, messages, stream: optional(body, "stream", "boolean") ?? false };
  const tools = decodeTools(body.tools);
  if (tools && tools.length > 0) request.tools = tools;
  const toolChoice = decodeToolChoice(body.tool_choice);
  if (toolChoice) request.toolChoice = toolChoice;
  const parallelToolCalls = optional(body, "parallel_tool_calls", "boolean");
  if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;
  const responseFormat = decodeTextFormat(body.text);
  if (responseFormat) request.responseFormat = responseFormat;
  const reasoning = decodeReasoning(body.reasoning);
  if (reasoning) request.reasoning = reasoning;

  const maxOutputTokens = optional(body, "max_output_tokens", "number");
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
  const temperature = optional(body, "temperature", "number");
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optional(body, "top_p", "number");
  if (topP !== undefined) request.topP = topP;
  const store = optional(body, "store", "boolean");
  if (store !== undefined) request.store = store;
  const previousResponseId = optional(body, "previous_response_id", "string");
  if (previousResponseId) request.previousResponseId = previousResponseId;
  const user = optional(body, "user", "string") ?? optional(body, "safety_identifier", "string");
  if (user !== undefined) request.user = user;
  const metadata = body.metadata;
  if (metadata != null) {
    if (!isObject(metadata)) throw new InvalidRequestError("metadata must be an object", null, "metadata");
    request.metadata = metadata;
  }
  return request;
}

type FieldTypes = { string: string; number: number; boolean: boolean };

/** A field that may be absent or null, and must have the given JSON type otherwise. */
function optional<Kind extends keyof FieldTypes>(body: JsonObject, field: string, kind: Kind): FieldTypes[Kind] | undefined {
  const value = body[field];
  if (value == null) return undefined;
  if (typeof value !== kind || (typeof value === "number" && !Number.isFinite(value))) {
    throw new InvalidRequestError(`${field} must be a ${kind}`, null, field);
  }
  return value as FieldTypes[Kind];
}

/** `{effort, summary}` → `{effort, enabled, includeThoughts}`: an effort other than none turns thinking on; asking for a summary is asking to see it. */
function decodeReasoning(reasoning: unknown): IrRequest["reasoning"] {
  if (reasoning == null) return undefined;
  if (!isObject(reasoning)) throw new InvalidRequestError("reasoning must be an object", null, "reasoning");
  const decoded: NonNullable<IrRequest["reasoning"]> = {};
  if (reasoning.effort != null) {
    const effort = reasoningEfforts.find((candidate) => candidate === reasoning.effort);
    if (!effort) throw new InvalidRequestError(`reasoning.effort must be one of ${reasoningEfforts.join(", ")}`, null, "reasoning.effort");
    decoded.effort = effort;
    decoded.enabled = effort !== "none";
  }
  if ((reasoning.summary ?? reasoning.generate_summary) != null) decoded.includeThoughts = true;
  return decoded.effort === undefined && decoded.includeThoughts === undefined ? undefined : decoded;
}
