// Gemini `tools` and `toolConfig` from a client → IR tools and tool choice. Only function declarations have
// an IR meaning; built-in tools (googleSearch, codeExecution, urlContext, ...) are left out.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrTool, IrToolChoice } from "../ir.ts";
import { asArray, asObject, asString, isObject } from "../json-values.ts";
import { toParametersSchema } from "./convert-schema.ts";
import { field } from "./wire-fields.ts";

export function decodeTools(tools: unknown): IrTool[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) throw new InvalidRequestError("'tools' must be an array.", "invalid_type", "tools");
  const out: IrTool[] = [];
  tools.forEach((tool, toolIndex) => {
    asArray(field(asObject(tool), "functionDeclarations")).forEach((raw, index) => {
      const declaration = asObject(raw);
      const path = `tools[${toolIndex}].functionDeclarations[${index}]`;
      const name = asString(declaration.name);
      if (!name) throw new InvalidRequestError(`'${path}.name' is required.`, "invalid_value", `${path}.name`);
      const jsonSchema = field(declaration, "parametersJsonSchema");
      const parameters = isObject(jsonSchema) ? toParametersSchema(jsonSchema) : toParametersSchema(declaration.parameters ?? { type: "object", properties: {} });
      const irTool: IrTool = { name, parameters };
      const description = asString(declaration.description);
      if (description) irTool.description = description;
      out.push(irTool);
    });
  });
  return out;
}

export type DecodedToolChoice = { toolChoice?: IrToolChoice; allowedNames?: string[] };

/** `toolConfig.functionCallingConfig` → IR tool choice; several allowed names under ANY narrow the tool list. */
export function decodeToolConfig(toolConfig: unknown): DecodedToolChoice {
  const config = asObject(field(asObject(toolConfig), "functionCallingConfig"));
  const names = asArray(field(config, "allowedFunctionNames")).filter((name): name is string => typeof name === "string");
  switch (config.mode) {
    case "AUTO":
    case "VALIDATED":
      return { toolChoice: { type: "auto" } };
    case "NONE":
      return { toolChoice: { type: "none" } };
    case "ANY":
      if (names.length === 1) return { toolChoice: { type: "tool", name: names[0]! } };
      return names.length > 1 ? { toolChoice: { type: "required" }, allowedNames: names } : { toolChoice: { type: "required" } };
    default:
      return {};
  }
}
