// The non-message parts of an Anthropic request → IR: tools, tool_choice, thinking/effort and structured
// output. Kept apart from decode-request.ts so each mapping table reads on its own.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrRequest, IrResponseFormat, IrTool, IrToolChoice, ReasoningEffort } from "../ir.ts";
import { asObject, asString, isObject } from "../json-values.ts";

const efforts = new Set<string>(["none", "minimal", "low", "medium", "high", "xhigh", "max"]);

/** Client tools only: server tools (`type` other than "custom", e.g. web_search_…) cannot run elsewhere. */
export function decodeTools(tools: unknown): IrTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new InvalidRequestError("tools: an array is required", null, "tools");
  const decoded: IrTool[] = [];
  tools.forEach((item, index) => {
    const tool = asObject(item);
    if (tool.type !== undefined && tool.type !== null && tool.type !== "custom") return;
    const name = asString(tool.name);
    if (!name) throw new InvalidRequestError(`tools[${index}].name: a string is required`, null, `tools[${index}].name`);
    const ir: IrTool = { name, parameters: isObject(tool.input_schema) ? tool.input_schema : { type: "object" } };
    const description = asString(tool.description);
    if (description !== undefined) ir.description = description;
    if (typeof tool.strict === "boolean") ir.strict = tool.strict;
    if (tool.cache_control !== undefined) ir.cacheControl = tool.cache_control;
    decoded.push(ir);
  });
  return decoded;
}

export function decodeToolChoice(toolChoice: unknown): { toolChoice?: IrToolChoice; parallelToolCalls?: boolean } {
  if (!isObject(toolChoice)) return {};
  const parallel = toolChoice.disable_parallel_tool_use === true ? { parallelToolCalls: false } : {};
  switch (toolChoice.type) {
    case "auto":
      return { toolChoice: { type: "auto" }, ...parallel };
    case "any":
      return { toolChoice: { type: "required" }, ...parallel };
    case "none":
      return { toolChoice: { type: "none" } };
    case "tool": {
      const name = asString(toolChoice.name);
      if (!name) throw new InvalidRequestError("tool_choice.name: a string is required", null, "tool_choice.name");
      return { toolChoice: { type: "tool", name }, ...parallel };
    }
    default:
      throw new InvalidRequestError(`tool_choice.type: unsupported value ${JSON.stringify(toolChoice.type)}`, null, "tool_choice.type");
  }
}

/** `thinking` and `output_config.effort` → IR reasoning. `display` maps to includeThoughts. */
export function decodeReasoning(thinking: unknown, outputConfig: unknown): IrRequest["reasoning"] {
  const reasoning: NonNullable<IrRequest["reasoning"]> = {};
  if (isObject(thinking)) {
    if (thinking.type === "enabled") {
      reasoning.enabled = true;
      const budget = thinking.budget_tokens;
      if (budget !== undefined && (typeof budget !== "number" || !Number.isInteger(budget) || budget < 0)) {
        throw new InvalidRequestError("thinking.budget_tokens: a non-negative integer is required", null, "thinking.budget_tokens");
      }
      if (budget !== undefined) reasoning.budgetTokens = budget;
    } else if (thinking.type === "adaptive" || thinking.type === "between_tools") {
      reasoning.enabled = true;
    } else if (thinking.type === "disabled") {
      reasoning.enabled = false;
    }
    if (thinking.display === "omitted") reasoning.includeThoughts = false;
    else if (thinking.display === "summarized") reasoning.includeThoughts = true;
  }
  const effort = asString(asObject(outputConfig).effort);
  if (effort !== undefined && efforts.has(effort)) reasoning.effort = effort as ReasoningEffort;
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}

/** `output_config.format` (or the deprecated beta `output_format`) → IR response format. */
export function decodeResponseFormat(outputConfig: unknown, legacyOutputFormat: unknown): IrResponseFormat | undefined {
  const format = asObject(asObject(outputConfig).format ?? legacyOutputFormat);
  if (format.type !== "json_schema") return undefined;
  return { type: "json_schema", name: "response", schema: isObject(format.schema) ? format.schema : {} };
}
