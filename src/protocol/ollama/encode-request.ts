// IR → an Ollama native chat request (`POST /api/chat`, base URL without /v1). Messages carry plain-string
// content with images as raw base64 beside it; tool-call arguments are JSON objects; tool results are `tool`
// messages naming the tool; sampling and length go in `options`; `stream` is always sent, because Ollama
// streams by default. Ollama has no tool choice: `none` sends no tools, a named tool sends only that tool.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import { mediaSourceFromUrl } from "../data-url.ts";
import type { EncodedUpstreamRequest, UpstreamTarget } from "../format-codec.ts";
import type { IrMediaSource, IrPart, IrRequest, IrTool } from "../ir.ts";
import { parseArguments, withoutUndefined, type JsonObject } from "../json-values.ts";

type Content = { text: string[]; images: string[] };

/** Raw base64 of an image source: Ollama takes neither URLs nor data: prefixes. */
function imageData(source: IrMediaSource): string {
  const resolved = source.kind === "url" ? mediaSourceFromUrl(source.url) : source;
  if (resolved.kind === "base64") return resolved.data;
  const what = resolved.kind === "url" ? `the image URL ${resolved.url}` : resolved.kind === "file-id" ? `the file id ${resolved.fileId}` : "a text image";
  throw new InvalidRequestError(`An Ollama model takes images only as base64 data; ${what} cannot be sent to it.`, "unsupported_content");
}

function addPart(part: IrPart, content: Content): void {
  switch (part.type) {
    case "text":
      if (part.text) content.text.push(part.text);
      return;
    case "image":
      content.images.push(imageData(part.source));
      return;
    case "document": {
      const source = part.source.kind === "url" ? mediaSourceFromUrl(part.source.url) : part.source;
      if (source.kind === "text") content.text.push(source.text);
      else if (source.kind === "base64" && source.mediaType.startsWith("text/")) content.text.push(Buffer.from(source.data, "base64").toString("utf8"));
      else if (source.kind === "base64" && source.mediaType.startsWith("image/")) content.images.push(source.data);
      else throw new InvalidRequestError(`An Ollama model cannot read this document (${part.filename ?? (source.kind === "base64" ? source.mediaType : source.kind)}); only text and images can be sent to it.`, "unsupported_content");
      return;
    }
    case "audio":
      throw new InvalidRequestError("Audio input cannot be sent to an Ollama model.", "unsupported_content");
    default:
      return;
  }
}

function message(role: string, content: Content, extra: JsonObject = {}): JsonObject {
  return withoutUndefined({ role, content: content.text.join("\n"), images: content.images.length > 0 ? content.images : undefined, ...extra });
}

function encodeAssistant(parts: IrPart[]): JsonObject[] {
  const content: Content = { text: [], images: [] };
  const thinking: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const part of parts) {
    if (part.type === "reasoning") {
      if (part.text) thinking.push(part.text);
    } else if (part.type === "tool-call") {
      toolCalls.push({ id: part.id, function: { name: part.name, arguments: parseArguments(part.arguments) } });
    } else if (part.type === "text") addPart(part, content);
  }
  if (content.text.length === 0 && toolCalls.length === 0 && thinking.length === 0) return [];
  return [message("assistant", content, { thinking: thinking.length > 0 ? thinking.join("\n") : undefined, tool_calls: toolCalls.length > 0 ? toolCalls : undefined })];
}

/** Tool results become `tool` messages (in order, before any other user content of the same turn). */
function encodeUser(parts: IrPart[], toolNames: ReadonlyMap<string, string>): JsonObject[] {
  const out: JsonObject[] = [];
  for (const part of parts) {
    if (part.type !== "tool-result") continue;
    const content: Content = { text: [], images: [] };
    for (const item of part.content) addPart(item, content);
    const text = content.text.join("\n");
    if (part.isError && !text.startsWith("Error")) content.text = [`Error: ${text}`];
    out.push(message("tool", content, { tool_name: part.name ?? toolNames.get(part.toolCallId), tool_call_id: part.toolCallId }));
  }
  const content: Content = { text: [], images: [] };
  for (const part of parts) if (part.type !== "tool-result" && part.type !== "tool-call" && part.type !== "reasoning") addPart(part, content);
  if (content.text.length > 0 || content.images.length > 0) out.push(message("user", content));
  return out;
}

function encodeMessages(request: IrRequest): JsonObject[] {
  const messages: JsonObject[] = [];
  const system = request.system.map((part) => part.text).filter(Boolean);
  if (system.length > 0) messages.push({ role: "system", content: system.join("\n\n") });
  const toolNames = new Map<string, string>();
  for (const entry of request.messages) {
    if (entry.role === "assistant") {
      for (const part of entry.parts) if (part.type === "tool-call") toolNames.set(part.id, part.name);
      messages.push(...encodeAssistant(entry.parts));
    } else messages.push(...encodeUser(entry.parts, toolNames));
  }
  return messages;
}

function encodeTools(request: IrRequest): JsonObject[] | undefined {
  const choice = request.toolChoice;
  if (!request.tools?.length || choice?.type === "none") return undefined;
  const tools: IrTool[] = choice?.type === "tool" ? request.tools.filter((tool) => tool.name === choice.name) : request.tools;
  return tools.map((tool) => ({ type: "function", function: withoutUndefined({ name: tool.name, description: tool.description, parameters: tool.parameters }) }));
}

function encodeFormat(request: IrRequest): unknown {
  const format = request.responseFormat;
  if (format?.type === "json_object") return "json";
  if (format?.type === "json_schema") return format.schema;
  return undefined;
}

/** `think`: false when reasoning is switched off, a level for a low or high effort, else true; absent when not asked. */
function encodeThink(reasoning: IrRequest["reasoning"]): boolean | string | undefined {
  if (!reasoning) return undefined;
  if (reasoning.enabled === false || reasoning.effort === "none") return false;
  if (reasoning.effort === "minimal" || reasoning.effort === "low") return "low";
  if (reasoning.effort === "high" || reasoning.effort === "xhigh" || reasoning.effort === "max") return "high";
  if (reasoning.enabled || reasoning.effort || reasoning.budgetTokens || reasoning.includeThoughts) return true;
  return undefined;
}

function clamp(requested: number | undefined, limit: number | undefined): number | undefined {
  if (requested === undefined) return undefined;
  return limit !== undefined ? Math.min(requested, limit) : requested;
}

export function encodeOllamaRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const options = withoutUndefined({
    temperature: request.temperature,
    top_p: request.topP,
    top_k: request.topK,
    num_predict: clamp(request.maxOutputTokens, target.maxOutputTokens),
    stop: request.stop,
    seed: request.seed,
    frequency_penalty: request.frequencyPenalty,
    presence_penalty: request.presencePenalty,
  });
  const body = withoutUndefined({
    model: target.model,
    messages: encodeMessages(request),
    tools: encodeTools(request),
    format: encodeFormat(request),
    options: Object.keys(options).length > 0 ? options : undefined,
    think: encodeThink(request.reasoning),
    stream: request.stream,
  });
  return { path: "/api/chat", body };
}
