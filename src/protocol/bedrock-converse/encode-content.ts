// IR parts → Bedrock Converse content blocks. Images and documents travel as base64 `bytes` (Bedrock fetches no
// web URLs); text documents become text; a part with cache_control is followed by a `cachePoint`. Tool calls are
// toolUse blocks with an object input, tool results toolResult blocks with their status. Reasoning is replayed
// only when Bedrock itself signed it. Bedrock takes tool-use ids of letters, digits, _ and - only, so ids from
// other formats are rewritten the same way on both sides of a call.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrDocumentPart, IrImagePart, IrMediaSource, IrPart, IrTextPart } from "../ir.ts";
import { parseArguments, type JsonObject } from "../json-values.ts";

export const cachePoint: JsonObject = { cachePoint: { type: "default" } };

const imageFormats: Readonly<Record<string, string>> = { "image/png": "png", "image/jpeg": "jpeg", "image/jpg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

const documentFormats: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "text/csv": "csv",
  "text/html": "html",
  "text/markdown": "md",
  "text/plain": "txt",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

export function toolUseIdOf(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
  return cleaned || "tooluse";
}

function unsupportedSource(source: IrMediaSource, what: string): never {
  const where = source.kind === "url" ? `the URL ${source.url}` : source.kind === "file-id" ? `the file id ${source.fileId}` : "this source";
  throw new InvalidRequestError(`Bedrock takes ${what} as base64 data; ${where} cannot be sent to it.`, "unsupported_content");
}

function imageBlock(part: IrImagePart): JsonObject {
  const source = part.source;
  if (source.kind !== "base64") unsupportedSource(source, "images");
  const format = imageFormats[source.mediaType.toLowerCase()];
  if (!format) throw new InvalidRequestError(`Bedrock takes PNG, JPEG, GIF and WebP images, not ${source.mediaType}.`, "unsupported_content");
  return { image: { format, source: { bytes: source.data } } };
}

/** Bedrock document names: letters, digits, single spaces, hyphens, parentheses and square brackets. */
function documentName(part: IrDocumentPart, index: number): string {
  const base = (part.title ?? part.filename ?? "").replace(/\.[a-z0-9]+$/i, "");
  const cleaned = base.replace(/[^a-zA-Z0-9\s\-()[\]]/g, " ").replace(/\s+/g, " ").trim();
  return cleaned || `document-${index + 1}`;
}

function documentBlock(part: IrDocumentPart, index: number): JsonObject {
  const source = part.source;
  if (source.kind === "text") return { text: source.text };
  if (source.kind !== "base64") unsupportedSource(source, "documents");
  const mediaType = source.mediaType.toLowerCase();
  if (imageFormats[mediaType]) return imageBlock({ type: "image", source });
  const format = documentFormats[mediaType] ?? (mediaType.startsWith("text/") ? "txt" : undefined);
  if (!format) throw new InvalidRequestError(`Bedrock cannot read a ${source.mediaType} document.`, "unsupported_content");
  return { document: { format, name: documentName(part, index), source: { bytes: source.data } } };
}

function withCachePoint(block: JsonObject, part: { cacheControl?: unknown }): JsonObject[] {
  return part.cacheControl ? [block, cachePoint] : [block];
}

function toolResultContent(content: Array<IrTextPart | IrImagePart | IrDocumentPart>): JsonObject[] {
  const blocks = content.flatMap((item, index): JsonObject[] => {
    if (item.type === "text") return item.text ? [{ text: item.text }] : [];
    return [item.type === "image" ? imageBlock(item) : documentBlock(item, index)];
  });
  return blocks.length > 0 ? blocks : [{ text: "(no output)" }];
}

/** One message's parts as Bedrock content blocks, in order. */
export function contentBlocks(parts: IrPart[]): JsonObject[] {
  const blocks: JsonObject[] = [];
  parts.forEach((part, index) => {
    switch (part.type) {
      case "text":
        if (part.text) blocks.push(...withCachePoint({ text: part.text }, part));
        return;
      case "image":
        blocks.push(...withCachePoint(imageBlock(part), part));
        return;
      case "document":
        blocks.push(...withCachePoint(documentBlock(part, index), part));
        return;
      case "audio":
        throw new InvalidRequestError("Audio input cannot be sent to a Bedrock Converse model.", "unsupported_content");
      case "tool-call":
        blocks.push({ toolUse: { toolUseId: toolUseIdOf(part.id), name: part.name, input: parseArguments(part.arguments) } });
        return;
      case "tool-result":
        blocks.push(
          ...withCachePoint({ toolResult: { toolUseId: toolUseIdOf(part.toolCallId), content: toolResultContent(part.content), status: part.isError ? "error" : "success" } }, part),
        );
        return;
      case "reasoning":
        if (part.signature?.family === "bedrock-converse") blocks.push({ reasoningContent: { reasoningText: { text: part.text, signature: part.signature.value } } });
        return;
    }
  });
  return blocks;
}
