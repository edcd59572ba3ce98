// IR → a Gemini generateContent request for an upstream: the path names the model and the method (streaming
// uses `?alt=sse`, the SSE form the stream decoder reads); the body carries instructions, contents, function
// declarations, tool config and generation config.
import type { EncodedUpstreamRequest, UpstreamTarget } from "../format-codec.ts";
import type { IrRequest, IrTool, IrToolChoice } from "../ir.ts";
import { isObject } from "../json-values.ts";
import { encodeContents } from "./encode-contents.ts";
import { encodeGenerationConfig, withoutSchemaMarker } from "./encode-generation-config.ts";
import { isGemini3OrLater } from "./model-generation.ts";
import type { GeminiFunctionDeclaration, GeminiRequestBody, GeminiToolConfig } from "./schema-types.ts";

/** A schema with no properties means "no parameters", which Gemini wants as no schema at all. */
function hasParameters(schema: Record<string, unknown>): boolean {
  const properties = schema.properties;
  return (isObject(properties) && Object.keys(properties).length > 0) || schema.anyOf !== undefined || schema.oneOf !== undefined || schema.$ref !== undefined;
}

function functionDeclaration(tool: IrTool): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: tool.name };
  if (tool.description) declaration.description = tool.description;
  if (hasParameters(tool.parameters)) declaration.parametersJsonSchema = withoutSchemaMarker(tool.parameters);
  return declaration;
}

function toolConfigOf(choice: IrToolChoice | undefined): GeminiToolConfig | undefined {
  switch (choice?.type) {
    case "auto":
      return { functionCallingConfig: { mode: "AUTO" } };
    case "none":
      return { functionCallingConfig: { mode: "NONE" } };
    case "required":
      return { functionCallingConfig: { mode: "ANY" } };
    case "tool":
      return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
    default:
      return undefined;
  }
}

export function encodeGeminiRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const body: GeminiRequestBody = { contents: encodeContents(request.messages, isGemini3OrLater(target.model)) };
  if (request.system.length > 0) body.systemInstruction = { parts: request.system.map((part) => ({ text: part.text })) };
  if (request.tools && request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map(functionDeclaration) }];
    const toolConfig = toolConfigOf(request.toolChoice);
    if (toolConfig) body.toolConfig = toolConfig;
  }
  const generationConfig = encodeGenerationConfig(request, target);
  if (generationConfig) body.generationConfig = generationConfig;
  const method = request.stream ? "streamGenerateContent?alt=sse" : "generateContent";
  return { path: `/v1beta/models/${target.model}:${method}`, body };
}
