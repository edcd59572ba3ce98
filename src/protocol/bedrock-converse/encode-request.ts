// IR → a Bedrock Converse request: `POST /model/{modelId}/converse`, or `/converse-stream` for a stream (the id is
// URL-encoded: ids hold `:`). Bedrock wants strictly alternating user/assistant turns, so consecutive turns of one
// role are merged. A conversation that holds toolUse or toolResult blocks must come with a toolConfig, so tools
// the history used but the request no longer offers are declared with an open schema. Converse has no "none" tool
// choice: tools are then left out unless the history needs them. Seed and penalties have no Converse field.
import type { EncodedUpstreamRequest, UpstreamTarget } from "../format-codec.ts";
import type { IrMessage, IrRequest, IrTool } from "../ir.ts";
import { withoutUndefined, type JsonObject } from "../json-values.ts";
import { cachePoint, contentBlocks } from "./encode-content.ts";
import { modelRequestFields } from "./model-request-fields.ts";

type BedrockMessage = { role: "user" | "assistant"; content: JsonObject[] };

function encodeMessages(messages: IrMessage[]): BedrockMessage[] {
  const out: BedrockMessage[] = [];
  for (const message of messages) {
    const content = contentBlocks(message.parts);
    if (content.length === 0) continue;
    const last = out.at(-1);
    if (last?.role === message.role) last.content.push(...content);
    else out.push({ role: message.role, content });
  }
  return out;
}

function encodeSystem(request: IrRequest): JsonObject[] {
  return request.system.flatMap((part) => (part.text ? (part.cacheControl ? [{ text: part.text }, cachePoint] : [{ text: part.text }]) : []));
}

const usesTools = (messages: BedrockMessage[]) => messages.some((message) => message.content.some((block) => block.toolUse !== undefined || block.toolResult !== undefined));

function toolSpec(tool: IrTool): JsonObject[] {
  const spec = { toolSpec: withoutUndefined({ name: tool.name, description: tool.description, inputSchema: { json: { type: "object", ...tool.parameters } }, strict: tool.strict === true ? true : undefined }) };
  return tool.cacheControl ? [spec, cachePoint] : [spec];
}

function encodeToolConfig(request: IrRequest, messages: BedrockMessage[]): JsonObject | undefined {
  const choice = request.toolChoice;
  const historyNeedsTools = usesTools(messages);
  const offered = choice?.type === "none" && !historyNeedsTools ? [] : (request.tools ?? []);
  const declared = new Set(offered.map((tool) => tool.name));
  const tools = offered.flatMap(toolSpec);
  for (const message of historyNeedsTools ? messages : []) {
    for (const block of message.content) {
      const name = (block.toolUse as { name?: string } | undefined)?.name;
      if (name && !declared.has(name)) {
        declared.add(name);
        tools.push({ toolSpec: { name, inputSchema: { json: { type: "object" } } } });
      }
    }
  }
  if (tools.length === 0) return undefined;
  const toolChoice = choice?.type === "required" ? { any: {} } : choice?.type === "tool" ? { tool: { name: choice.name } } : choice?.type === "auto" ? { auto: {} } : undefined;
  return withoutUndefined({ tools, toolChoice });
}

/** Structured output: Converse's `outputConfig.textFormat` takes the JSON schema as a string. */
function encodeOutputConfig(request: IrRequest): JsonObject | undefined {
  const format = request.responseFormat;
  if (format?.type !== "json_schema" && format?.type !== "json_object") return undefined;
  const jsonSchema =
    format.type === "json_schema"
      ? withoutUndefined({ name: format.name, description: format.description, schema: JSON.stringify(format.schema) })
      : { name: "json_object", schema: JSON.stringify({ type: "object" }) };
  return { textFormat: { type: "json_schema", structure: { jsonSchema } } };
}

/** A forced tool, or a tool loop whose last assistant tool call carries no Bedrock-signed reasoning, rules thinking out. */
function thinkingAllowed(request: IrRequest): boolean {
  if (request.toolChoice?.type === "required" || request.toolChoice?.type === "tool") return false;
  const lastCalling = request.messages.findLast((message) => message.role === "assistant" && message.parts.some((part) => part.type === "tool-call"));
  return !lastCalling || lastCalling.parts.some((part) => part.type === "reasoning" && part.signature?.family === "bedrock-converse");
}

export function encodeBedrockConverseRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const messages = encodeMessages(request.messages);
  const system = encodeSystem(request);
  const vendor = modelRequestFields(request, target, { allowThinking: thinkingAllowed(request) });
  const requestedMax = request.maxOutputTokens !== undefined && target.maxOutputTokens !== undefined ? Math.min(request.maxOutputTokens, target.maxOutputTokens) : request.maxOutputTokens;
  const stop = request.stop?.filter((sequence) => sequence.trim() !== "");
  const inferenceConfig = withoutUndefined({
    maxTokens: vendor.maxTokens ?? requestedMax,
    temperature: vendor.defaultSampling ? undefined : request.temperature,
    topP: vendor.defaultSampling && (request.topP ?? 1) < 0.95 ? undefined : request.topP,
    stopSequences: stop && stop.length > 0 ? stop : undefined,
  });
  const body = withoutUndefined({
    messages,
    system: system.length > 0 ? system : undefined,
    inferenceConfig: Object.keys(inferenceConfig).length > 0 ? inferenceConfig : undefined,
    toolConfig: encodeToolConfig(request, messages),
    outputConfig: encodeOutputConfig(request),
    additionalModelRequestFields: vendor.additional,
  });
  return { path: `/model/${encodeURIComponent(target.model)}/${request.stream ? "converse-stream" : "converse"}`, body };
}
