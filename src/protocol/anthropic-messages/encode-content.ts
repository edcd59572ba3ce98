// IR parts → Anthropic content blocks for an upstream request. Parts Anthropic cannot take (audio, reasoning
// signed by another provider, empty text) are dropped here, in one place.
import { mediaSourceFromUrl } from "../data-url.ts";
import type { IrDocumentPart, IrImagePart, IrMediaSource, IrPart, IrReasoningPart, IrTextPart, IrToolResultPart } from "../ir.ts";
import { parseArguments } from "../json-values.ts";
import type {
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from "./schema-types.ts";
import { anthropicToolUseId } from "./tool-use-id.ts";

function withCacheControl<T extends object>(block: T, cacheControl: unknown): T {
  return cacheControl === undefined ? block : { ...block, cache_control: cacheControl };
}

/** data: URLs become base64 sources; other sources pass through. */
function resolveSource(source: IrMediaSource): IrMediaSource {
  return source.kind === "url" ? mediaSourceFromUrl(source.url) : source;
}

export function encodeText(part: IrTextPart): AnthropicTextBlock | undefined {
  if (part.text === "") return undefined;
  return withCacheControl({ type: "text" as const, text: part.text }, part.cacheControl);
}

function encodeImage(part: IrImagePart): AnthropicImageBlock | undefined {
  const source = resolveSource(part.source);
  const block = (wire: AnthropicImageBlock["source"]) => withCacheControl({ type: "image" as const, source: wire }, part.cacheControl);
  if (source.kind === "url") return block({ type: "url", url: source.url });
  if (source.kind === "base64") return block({ type: "base64", media_type: source.mediaType, data: source.data });
  if (source.kind === "file-id") return block({ type: "file", file_id: source.fileId });
  return undefined;
}

/** Anthropic takes base64 documents as PDF only: text documents become text sources, images image blocks. */
function encodeDocument(part: IrDocumentPart): AnthropicDocumentBlock | AnthropicImageBlock | undefined {
  const source = resolveSource(part.source);
  const title = part.title ?? part.filename;
  const block = (wire: AnthropicDocumentBlock["source"]): AnthropicDocumentBlock =>
    withCacheControl({ type: "document" as const, source: wire, ...(title !== undefined ? { title } : {}) }, part.cacheControl);
  switch (source.kind) {
    case "url":
      return block({ type: "url", url: source.url });
    case "text":
      return block({ type: "text", media_type: "text/plain", data: source.text });
    case "file-id":
      return block({ type: "file", file_id: source.fileId });
    case "base64":
      if (source.mediaType.startsWith("image/")) return encodeImage({ type: "image", source, cacheControl: part.cacheControl });
      if (source.mediaType.startsWith("text/")) {
        return block({ type: "text", media_type: "text/plain", data: Buffer.from(source.data, "base64").toString("utf8") });
      }
      return block({ type: "base64", media_type: source.mediaType, data: source.data });
  }
}

function encodeToolResult(part: IrToolResultPart): AnthropicToolResultBlock {
  const content: NonNullable<AnthropicToolResultBlock["content"]> = [];
  for (const item of part.content) {
    const block = item.type === "text" ? encodeText(item) : item.type === "image" ? encodeImage(item) : encodeDocument(item);
    if (block) content.push(block);
  }
  const result: AnthropicToolResultBlock = { type: "tool_result", tool_use_id: anthropicToolUseId(part.toolCallId) };
  if (content.length > 0) result.content = content;
  if (part.isError) result.is_error = true;
  return withCacheControl(result, part.cacheControl);
}

/** Only Anthropic-signed thinking can be replayed (the signature is verified); any other reasoning is dropped. */
function encodeReasoning(part: IrReasoningPart): AnthropicContentBlock | undefined {
  if (part.redacted !== undefined) return { type: "redacted_thinking", data: part.redacted };
  if (part.signature?.family !== "anthropic") return undefined;
  return { type: "thinking", thinking: part.text, signature: part.signature.value };
}

export function encodePart(part: IrPart): AnthropicContentBlock | undefined {
  switch (part.type) {
    case "text":
      return encodeText(part);
    case "image":
      return encodeImage(part);
    case "document":
      return encodeDocument(part);
    case "tool-call":
      return { type: "tool_use", id: anthropicToolUseId(part.id), name: part.name, input: parseArguments(part.arguments) };
    case "tool-result":
      return encodeToolResult(part);
    case "reasoning":
      return encodeReasoning(part);
    case "audio":
      return undefined;
  }
}
