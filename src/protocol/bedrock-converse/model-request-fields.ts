// The part of a Converse request that depends on the model's maker: Bedrock passes `additionalModelRequestFields`
// through to the model in its maker's own field names. A model's maker is the vendor segment of its Bedrock id
// (`anthropic.claude-…`, or with a cross-region profile `us.anthropic.claude-…`). Claude gets its thinking budget
// (and the max tokens that leave room for it) and top_k in Anthropic's names; makers without an entry here get
// the common inferenceConfig only, and reasoning is then the model's own default.
import { encodeOutputBudget } from "../anthropic-messages/encode-output-budget.ts";
import type { UpstreamTarget } from "../format-codec.ts";
import type { IrRequest } from "../ir.ts";
import type { JsonObject } from "../json-values.ts";

export type ModelRequestFields = {
  /** Overrides the plain max tokens (thinking counts toward it). */
  maxTokens?: number;
  /** Sampling must stay at its defaults (Claude with thinking on). */
  defaultSampling: boolean;
  additional?: JsonObject;
};

/** What the request allows: thinking is refused with a forced tool, and in a tool loop without signed reasoning. */
export type ThinkingContext = { allowThinking: boolean };

type VendorFields = (request: IrRequest, target: UpstreamTarget, context: ThinkingContext) => ModelRequestFields;

const anthropicFields: VendorFields = (request, target, context) => {
  const reasoning = request.reasoning;
  // Bedrock's Claude models take a thinking budget; "on, no budget" asks for a medium one.
  const withBudget = reasoning?.enabled === true && reasoning.budgetTokens === undefined && reasoning.effort === undefined ? { ...request, reasoning: { ...reasoning, effort: "medium" as const } } : request;
  const output = encodeOutputBudget(withBudget, target.maxOutputTokens, context.allowThinking);
  const thinking = output.thinking?.type === "enabled" ? output.thinking : undefined;
  const additional: JsonObject = {};
  if (thinking) additional.thinking = thinking;
  if (request.topK !== undefined && !thinking) additional.top_k = request.topK;
  return {
    maxTokens: thinking || request.maxOutputTokens !== undefined ? output.maxTokens : undefined,
    defaultSampling: thinking !== undefined,
    additional: Object.keys(additional).length > 0 ? additional : undefined,
  };
};

const fieldsByVendor: Readonly<Record<string, VendorFields>> = {
  anthropic: anthropicFields,
};

/** `anthropic.claude-…`, `us.anthropic.claude-…`, `global.anthropic.claude-…` → `anthropic`. */
export function vendorOf(modelId: string): string | undefined {
  const segments = modelId.split("/").at(-1)!.split(".");
  return segments.find((segment) => fieldsByVendor[segment] !== undefined);
}

export function modelRequestFields(request: IrRequest, target: UpstreamTarget, context: ThinkingContext): ModelRequestFields {
  const vendor = vendorOf(target.model);
  return vendor ? fieldsByVendor[vendor]!(request, target, context) : { defaultSampling: false };
}
