// Function tools and tool_choice in the Responses API's flat shape, both directions. Hosted tools (web_search,
// file_search, computer_use, mcp, custom, ...) have no IR form and are skipped rather than rejected, so clients
// such as Codex CLI that always send some can still use the gateway; the model just won't see them.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrTool, IrToolChoice } from "../ir.ts";
import { asString, isObject } from "../json-values.ts";
import type { ResponsesFunctionTool, ResponsesToolChoice } from "./schema-types.ts";

export function decodeTools(tools: unknown): IrTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new InvalidRequestError("tools must be an array", null, "tools");
  const decoded: IrTool[] = [];
  tools.forEach((tool, index) => {
    const path = `tools[${index}]`;
    if (!isObject(tool)) throw new InvalidRequestError(`${path} must be an object`, null, path);
    if (tool.type !== "function") return;
    const name = asString(tool.name);
    if (!name) throw new InvalidRequestError(`${path}.name must be a non-empty string`, null, `${path}.name`);
    const irTool: IrTool = { name, parameters: isObject(tool.parameters) ? tool.parameters : { type: "object", properties: {} } };
    const description = asString(tool.description);
    if (description !== undefined) irTool.description = description;
    if (typeof tool.strict === "boolean") irTool.strict = tool.strict;
    decoded.push(irTool);
  });
  return decoded;
}

/** `none|auto|required`, `{type:"function",name}`; `allowed_tools` keeps its mode; hosted-tool forms mean auto. */
export function decodeToolChoice(choice: unknown): IrToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === "none" || choice === "auto" || choice === "required") return { type: choice };
  if (!isObject(choice)) throw new InvalidRequestError("tool_choice must be none, auto, required or an object", null, "tool_choice");
  if (choice.type === "function") {
    const name = asString(choice.name);
    if (!name) throw new InvalidRequestError("tool_choice.name must be a non-empty string", null, "tool_choice.name");
    return { type: "tool", name };
  }
  if (choice.type === "allowed_tools") return { type: choice.mode === "required" ? "required" : "auto" };
  return { type: "auto" };
}

/** Flat function tools. `strict` is always sent: the Responses API treats a missing one as true. */
export function encodeTools(tools: IrTool[]): ResponsesFunctionTool[] {
  return tools.map((tool) => {
    const encoded: ResponsesFunctionTool = { type: "function", name: tool.name, parameters: tool.parameters, strict: tool.strict ?? false };
    if (tool.description !== undefined) encoded.description = tool.description;
    return encoded;
  });
}

export function encodeToolChoice(choice: IrToolChoice): ResponsesToolChoice {
  return choice.type === "tool" ? { type: "function", name: choice.name } : choice.type;
}
