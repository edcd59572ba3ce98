// IR → a Chat Completions request for an OpenAI-compatible upstream. Tool results become one `tool` message
// per call; reasoning from other providers is dropped (it cannot be replayed here); stream usage is always
// requested so the gateway can count tokens.
import type { EncodedUpstreamRequest, UpstreamTarget } from "../format-codec.ts";
import { mediaSourceToUrl } from "../data-url.ts";
import type { IrMessage, IrPart, IrRequest, IrToolChoice } from "../ir.ts";
import { withoutUndefined, type JsonObject } from "../json-values.ts";
import { applyChatQuirks } from "../../upstream/openai-chat-quirks.ts";

function contentPart(part: IrPart): JsonObject | undefined {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image": {
      const url = mediaSourceToUrl(part.source);
      return url ? { type: "image_url", image_url: withoutUndefined({ url, detail: part.detail }) } : undefined;
    }
    case "document": {
      if (part.source.kind === "file-id") return { type: "file", file: withoutUndefined({ file_id: part.source.fileId, filename: part.filename }) };
      const url = mediaSourceToUrl(part.source);
      return url ? { type: "file", file: withoutUndefined({ file_data: url, filename: part.filename ?? "document.pdf" }) } : undefined;
    }
    case "audio":
      return { type: "input_audio", input_audio: { data: part.data, format: part.format } };
    default:
      return undefined;
  }
}

function userContent(parts: IrPart[]): string | JsonObject[] {
  const encoded = parts.map(contentPart).filter((part): part is JsonObject => part !== undefined);
  if (encoded.length === 1 && encoded[0]!.type === "text") return encoded[0]!.text as string;
  return encoded;
}

function encodeMessage(message: IrMessage): JsonObject[] {
  if (message.role === "assistant") {
    const text = message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
    const toolCalls = message.parts.flatMap((part) =>
      part.type === "tool-call" ? [{ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments || "{}" } }] : [],
    );
    if (!text && toolCalls.length === 0) return [];
    return [withoutUndefined({ role: "assistant", content: text || null, tool_calls: toolCalls.length > 0 ? toolCalls : undefined })];
  }
  const out: JsonObject[] = [];
  for (const part of message.parts) {
    if (part.type !== "tool-result") continue;
    const text = part.content.map((item) => (item.type === "text" ? item.text : "")).join("");
    out.push({ role: "tool", tool_call_id: part.toolCallId, content: part.isError && !text.startsWith("Error") ? `Error: ${text}` : text });
  }
  const rest = message.parts.filter((part) => part.type !== "tool-result" && part.type !== "reasoning" && part.type !== "tool-call");
  if (rest.length > 0) out.push({ role: "user", content: userContent(rest) });
  return out;
}

function encodeToolChoice(choice: IrToolChoice | undefined): unknown {
  if (!choice) return undefined;
  if (choice.type === "tool") return { type: "function", function: { name: choice.name } };
  return choice.type;
}

function clamp(requested: number | undefined, limit: number | undefined): number | undefined {
  if (requested === undefined) return undefined;
  return limit !== undefined ? Math.min(requested, limit) : requested;
}

export function encodeChatRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const messages: JsonObject[] = [];
  if (request.system.length > 0) messages.push({ role: "system", content: request.system.map((part) => part.text).join("\n\n") });
  for (const message of request.messages) messages.push(...encodeMessage(message));
  const format = request.responseFormat;
  const body = withoutUndefined({
    model: target.model,
    messages,
    tools: request.tools?.length
      ? request.tools.map((tool) => ({ type: "function", function: withoutUndefined({ name: tool.name, description: tool.description, parameters: tool.parameters, strict: tool.strict }) }))
      : undefined,
    tool_choice: request.tools?.length ? encodeToolChoice(request.toolChoice) : undefined,
    parallel_tool_calls: request.tools?.length ? request.parallelToolCalls : undefined,
    response_format:
      format?.type === "json_schema"
        ? { type: "json_schema", json_schema: withoutUndefined({ name: format.name, schema: format.schema, description: format.description, strict: format.strict }) }
        : format,
    max_tokens: clamp(request.maxOutputTokens, target.maxOutputTokens),
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop,
    seed: request.seed,
    frequency_penalty: request.frequencyPenalty,
    presence_penalty: request.presencePenalty,
    reasoning_effort: request.reasoning?.effort,
    user: request.user,
    stream: request.stream || undefined,
    stream_options: request.stream ? { include_usage: true } : undefined,
  });
  return { path: "/chat/completions", body: applyChatQuirks(body, target.quirks) };
}
