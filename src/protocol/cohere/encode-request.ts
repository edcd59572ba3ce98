// IR → a Cohere v2 chat request (`POST {base}/v2/chat`). Text and images become content parts (images as
// `image_url`, a data: URI or a web URL); an assistant turn that calls tools sends its text as `tool_plan`,
// the way Cohere writes it; tool results are `tool` messages with their call id and text content. Cohere's
// tool choice is only REQUIRED or NONE: a named tool becomes REQUIRED with only that tool offered. Reasoning
// text from earlier turns is not replayed (it cannot be verified as Cohere's own).
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import { mediaSourceToUrl } from "../data-url.ts";
import type { EncodedUpstreamRequest, UpstreamTarget } from "../format-codec.ts";
import type { IrPart, IrRequest, IrTool } from "../ir.ts";
import { withoutUndefined, type JsonObject } from "../json-values.ts";

function imagePart(url: string | undefined, detail: string | undefined, what: string): JsonObject {
  if (!url) throw new InvalidRequestError(`A Cohere model takes images as URLs or base64 data; ${what} cannot be sent to it.`, "unsupported_content");
  return { type: "image_url", image_url: withoutUndefined({ url, detail }) };
}

function contentPart(part: IrPart): JsonObject | undefined {
  switch (part.type) {
    case "text":
      return part.text ? { type: "text", text: part.text } : undefined;
    case "image":
      return imagePart(mediaSourceToUrl(part.source), part.detail, part.source.kind === "file-id" ? `the file id ${part.source.fileId}` : "this image");
    case "document": {
      const source = part.source;
      if (source.kind === "text") return { type: "text", text: source.text };
      if (source.kind === "base64" && source.mediaType.startsWith("text/")) return { type: "text", text: Buffer.from(source.data, "base64").toString("utf8") };
      if (source.kind === "base64" && source.mediaType.startsWith("image/")) return imagePart(mediaSourceToUrl(source), undefined, "this image");
      throw new InvalidRequestError(`A Cohere chat model cannot read this document (${part.filename ?? (source.kind === "base64" ? source.mediaType : source.kind)}); only text and images can be sent to it.`, "unsupported_content");
    }
    case "audio":
      throw new InvalidRequestError("Audio input cannot be sent to a Cohere model.", "unsupported_content");
    default:
      return undefined;
  }
}

/** A lone text part is sent as a plain string; anything else as a list of parts. */
function content(parts: IrPart[]): string | JsonObject[] {
  const encoded = parts.map(contentPart).filter((part): part is JsonObject => part !== undefined);
  if (encoded.length === 1 && encoded[0]!.type === "text") return encoded[0]!.text as string;
  return encoded;
}

function encodeAssistant(parts: IrPart[]): JsonObject[] {
  const text = parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  const toolCalls = parts.flatMap((part) =>
    part.type === "tool-call" ? [{ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments || "{}" } }] : [],
  );
  if (toolCalls.length > 0) return [withoutUndefined({ role: "assistant", tool_plan: text || undefined, tool_calls: toolCalls })];
  return text ? [{ role: "assistant", content: text }] : [];
}

function encodeUser(parts: IrPart[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const part of parts) {
    if (part.type !== "tool-result") continue;
    // Cohere's tool content is text (or documents); images in a tool result cannot go with it.
    const text = part.content.flatMap((item) => (item.type === "text" ? [item.text] : item.type === "document" && item.source.kind === "text" ? [item.source.text] : [])).join("\n");
    out.push({ role: "tool", tool_call_id: part.toolCallId, content: part.isError && !text.startsWith("Error") ? `Error: ${text}` : text });
  }
  const rest = parts.filter((part) => part.type !== "tool-result" && part.type !== "tool-call" && part.type !== "reasoning");
  if (rest.length > 0) {
    const encoded = content(rest);
    if (encoded.length > 0) out.push({ role: "user", content: encoded });
  }
  return out;
}

function encodeMessages(request: IrRequest): JsonObject[] {
  const messages: JsonObject[] = [];
  const system = request.system.map((part) => part.text).filter(Boolean);
  if (system.length > 0) messages.push({ role: "system", content: system.join("\n\n") });
  for (const message of request.messages) messages.push(...(message.role === "assistant" ? encodeAssistant(message.parts) : encodeUser(message.parts)));
  return messages;
}

function offeredTools(request: IrRequest): IrTool[] {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  return choice?.type === "tool" ? tools.filter((tool) => tool.name === choice.name) : tools;
}

function encodeToolChoice(request: IrRequest): string | undefined {
  switch (request.toolChoice?.type) {
    case "none":
      return "NONE";
    case "required":
    case "tool":
      return "REQUIRED";
    default:
      return undefined;
  }
}

function encodeResponseFormat(request: IrRequest): JsonObject | undefined {
  const format = request.responseFormat;
  if (format?.type === "json_object") return { type: "json_object" };
  if (format?.type === "json_schema") return { type: "json_object", json_schema: format.schema };
  return undefined;
}

/** `thinking`: disabled when reasoning is off, enabled (with the budget, if any) when asked for; absent otherwise. */
function encodeThinking(reasoning: IrRequest["reasoning"]): JsonObject | undefined {
  if (!reasoning) return undefined;
  if (reasoning.enabled === false || reasoning.effort === "none") return { type: "disabled" };
  if (reasoning.enabled || reasoning.effort || reasoning.budgetTokens || reasoning.includeThoughts) {
    return withoutUndefined({ type: "enabled", token_budget: reasoning.budgetTokens });
  }
  return undefined;
}

function clamp(requested: number | undefined, limit: number | undefined): number | undefined {
  if (requested === undefined) return undefined;
  return limit !== undefined ? Math.min(requested, limit) : requested;
}

export function encodeCohereRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const tools = offeredTools(request);
  const body = withoutUndefined({
    model: target.model,
    messages: encodeMessages(request),
    tools: tools.length > 0 ? tools.map((tool) => ({ type: "function", function: withoutUndefined({ name: tool.name, description: tool.description, parameters: tool.parameters }) })) : undefined,
    strict_tools: tools.length > 0 && tools.every((tool) => tool.strict === true) ? true : undefined,
    tool_choice: tools.length > 0 ? encodeToolChoice(request) : undefined,
    response_format: encodeResponseFormat(request),
    max_tokens: clamp(request.maxOutputTokens, target.maxOutputTokens),
    temperature: request.temperature,
    p: request.topP,
    k: request.topK,
    stop_sequences: request.stop,
    seed: request.seed,
    frequency_penalty: request.frequencyPenalty,
    presence_penalty: request.presencePenalty,
    thinking: encodeThinking(request.reasoning),
    stream: request.stream,
  });
  return { path: "/v2/chat", body };
}
