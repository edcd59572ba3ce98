// Anthropic content blocks from a client → IR parts. Known blocks with missing required fields are client
// errors; block types the IR cannot carry (server tool results, search results, …) are skipped.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrDocumentPart, IrImagePart, IrMediaSource, IrPart, IrReasoningPart, IrTextPart, IrToolResultPart } from "../ir.ts";
import { asArray, asObject, asString, isObject, type JsonObject } from "../json-values.ts";

/** Remembers tool names by tool_use id so a later tool_result can name its tool (Gemini pairs by name). */
export type ToolNames = Map<string, string>;

function requiredString(block: JsonObject, field: string, path: string): string {
  const value = block[field];
  if (typeof value !== "string") throw new InvalidRequestError(`${path}.${field}: a string is required`, null, `${path}.${field}`);
  return value;
}

function withCacheControl<T extends object>(part: T, block: JsonObject): T {
  return block.cache_control === undefined ? part : { ...part, cacheControl: block.cache_control };
}

function textFromBlocks(content: unknown): string {
  if (typeof content === "string") return content;
  return asArray(content)
    .map((block) => asString(asObject(block).text) ?? "")
    .join("");
}

function decodeSource(source: unknown, path: string): IrMediaSource {
  if (!isObject(source)) throw new InvalidRequestError(`${path}.source: an object is required`, null, `${path}.source`);
  const sourcePath = `${path}.source`;
  switch (source.type) {
    case "base64":
      return { kind: "base64", mediaType: asString(source.media_type) ?? "application/octet-stream", data: requiredString(source, "data", sourcePath) };
    case "url":
      return { kind: "url", url: requiredString(source, "url", sourcePath) };
    case "text":
      return { kind: "text", text: requiredString(source, "data", sourcePath), mediaType: asString(source.media_type) ?? "text/plain" };
    case "content":
      return { kind: "text", text: textFromBlocks(source.content), mediaType: "text/plain" };
    case "file":
      return { kind: "file-id", fileId: requiredString(source, "file_id", sourcePath) };
    default:
      throw new InvalidRequestError(`${sourcePath}.type: unsupported source type ${JSON.stringify(source.type)}`, null, `${sourcePath}.type`);
  }
}

function decodeText(block: JsonObject, path: string): IrTextPart {
  return withCacheControl({ type: "text", text: requiredString(block, "text", path) }, block);
}

function decodeImage(block: JsonObject, path: string): IrImagePart {
  return withCacheControl({ type: "image", source: decodeSource(block.source, path) }, block);
}

function decodeDocument(block: JsonObject, path: string): IrDocumentPart {
  const part: IrDocumentPart = { type: "document", source: decodeSource(block.source, path) };
  const title = asString(block.title);
  if (title !== undefined) part.title = title;
  return withCacheControl(part, block);
}

type ToolResultContent = IrToolResultPart["content"][number];

function decodeToolResultContent(content: unknown, path: string): ToolResultContent[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw new InvalidRequestError(`${path}.content: a string or an array of blocks is required`, null, `${path}.content`);
  const parts: ToolResultContent[] = [];
  content.forEach((item, index) => {
    const block = asObject(item);
    const itemPath = `${path}.content[${index}]`;
    if (block.type === "text") parts.push(decodeText(block, itemPath));
    else if (block.type === "image") parts.push(decodeImage(block, itemPath));
    else if (block.type === "document") parts.push(decodeDocument(block, itemPath));
    else if (block.type === "search_result") parts.push({ type: "text", text: textFromBlocks(block.content) });
  });
  return parts;
}

function decodeBlock(block: JsonObject, path: string, toolNames: ToolNames): IrPart | undefined {
  switch (block.type) {
    case "text":
      return decodeText(block, path);
    case "image":
      return decodeImage(block, path);
    case "document":
      return decodeDocument(block, path);
    case "tool_use": {
      const id = requiredString(block, "id", path);
      const name = requiredString(block, "name", path);
      toolNames.set(id, name);
      return { type: "tool-call", id, name, arguments: JSON.stringify(block.input ?? {}) };
    }
    case "tool_result": {
      const toolCallId = requiredString(block, "tool_use_id", path);
      const part: IrToolResultPart = { type: "tool-result", toolCallId, content: decodeToolResultContent(block.content, path) };
      const name = toolNames.get(toolCallId);
      if (name !== undefined) part.name = name;
      if (block.is_error === true) part.isError = true;
      return withCacheControl(part, block);
    }
    case "thinking":
      return decodeThinkingBlock(block);
    case "redacted_thinking":
      return { type: "reasoning", text: "", redacted: requiredString(block, "data", path) };
    default:
      return undefined;
  }
}

/** A message's `content` (a string or an array of blocks) → IR parts. */
export function decodeContent(content: unknown, path: string, toolNames: ToolNames): IrPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw new InvalidRequestError(`${path}.content: a string or an array of content blocks is required`, null, `${path}.content`);
  const parts: IrPart[] = [];
  content.forEach((item, index) => {
    const blockPath = `${path}.content[${index}]`;
    if (!isObject(item)) throw new InvalidRequestError(`${blockPath}: a content block object is required`, null, blockPath);
    const part = decodeBlock(item, blockPath, toolNames);
    if (part) parts.push(part);
  });
  return parts;
}

/** `system` as a string or text blocks (also used for `{role:"system"}` messages) → IR text parts. */
export function decodeSystem(system: unknown, path: string): IrTextPart[] {
  if (system === undefined || system === null) return [];
  if (typeof system === "string") return system === "" ? [] : [{ type: "text", text: system }];
  if (!Array.isArray(system)) throw new InvalidRequestError(`${path}: a string or an array of text blocks is required`, null, path);
  return system.flatMap((item, index) => {
    const block = asObject(item);
    return block.type === "text" ? [decodeText(block, `${path}[${index}]`)] : [];
  });
}

/** A thinking block → a reasoning part; its signature stays bound to Anthropic. */
export function decodeThinkingBlock(block: Record<string, unknown>): IrReasoningPart {
  const signature = asString(block.signature);
  return {
    type: "reasoning",
    text: asString(block.thinking) ?? "",
    ...(signature ? { signature: { family: "anthropic" as const, value: signature } } : {}),
  };
}
