// IR content parts → Gemini parts, shared by the request and response encoders. A signature is written only
// when it came from Gemini; other families' signatures cannot be replayed here and are dropped.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrMediaSource, IrPart, ProviderSignature } from "../ir.ts";
import type { GeminiPart } from "./schema-types.ts";

export function geminiSignature(signature: ProviderSignature | undefined): string | undefined {
  return signature?.family === "gemini" ? signature.value : undefined;
}

function withSignature(part: GeminiPart, signature: ProviderSignature | undefined): GeminiPart {
  const value = geminiSignature(signature);
  if (value) part.thoughtSignature = value;
  return part;
}

const extensionMediaTypes: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  heic: "image/heic",
  pdf: "application/pdf",
  txt: "text/plain",
};

function mediaTypeOfUrl(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0] ?? "";
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return extensionMediaTypes[extension];
}

function mediaPart(source: IrMediaSource): GeminiPart {
  switch (source.kind) {
    case "base64":
      return { inlineData: { mimeType: source.mediaType, data: source.data } };
    case "url": {
      const mimeType = mediaTypeOfUrl(source.url);
      return { fileData: mimeType ? { mimeType, fileUri: source.url } : { fileUri: source.url } };
    }
    case "text":
      return { text: source.text };
    case "file-id":
      throw new InvalidRequestError(`File id '${source.fileId}' belongs to another provider and cannot be sent to a Gemini model.`, "unsupported_file");
  }
}

/**
 * Text, reasoning, media and audio parts; tool calls and results are the callers' business and give
 * undefined here. Toward an upstream, reasoning is replayed only with a Gemini signature (`keepUnsignedReasoning`
 * false); toward a client, every reasoning part is shown as a thought.
 */
export function encodeContentPart(part: IrPart, keepUnsignedReasoning: boolean): GeminiPart | undefined {
  switch (part.type) {
    case "text":
      if (!part.text && geminiSignature(part.signature) === undefined) return undefined;
      return withSignature({ text: part.text }, part.signature);
    case "reasoning": {
      if (!keepUnsignedReasoning && geminiSignature(part.signature) === undefined) return undefined;
      return withSignature({ text: part.text, thought: true }, part.signature);
    }
    case "image":
    case "document":
      return mediaPart(part.source);
    case "audio":
      return { inlineData: { mimeType: `audio/${part.format}`, data: part.data } };
    default:
      return undefined;
  }
}
