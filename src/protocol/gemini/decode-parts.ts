// One Gemini part → one IR part, shared by the request and response decoders. A `thoughtSignature` stays on
// the IR part it arrived on (text, reasoning or tool call), tagged with the gemini family.
import type { IrPart, IrToolCallPart, ProviderSignature } from "../ir.ts";
import { asObject, asString, isObject, type JsonObject } from "../json-values.ts";
import { field } from "./wire-fields.ts";

export function signatureOf(part: JsonObject): ProviderSignature | undefined {
  const value = asString(field(part, "thoughtSignature"));
  return value ? { family: "gemini", value } : undefined;
}

const audioFormats: Record<string, string> = { mpeg: "mp3", mp3: "mp3", wav: "wav", "x-wav": "wav", wave: "wav" };

function audioFormat(mimeType: string): string {
  const subtype = mimeType.slice("audio/".length).toLowerCase();
  return audioFormats[subtype] ?? subtype;
}

function inlineDataPart(data: JsonObject): IrPart | undefined {
  const mediaType = asString(field(data, "mimeType")) ?? "application/octet-stream";
  const payload = asString(data.data);
  if (payload === undefined) return undefined;
  if (mediaType.startsWith("image/")) return { type: "image", source: { kind: "base64", mediaType, data: payload } };
  if (mediaType.startsWith("audio/")) return { type: "audio", data: payload, format: audioFormat(mediaType) };
  return { type: "document", source: { kind: "base64", mediaType, data: payload } };
}

function fileDataPart(data: JsonObject): IrPart | undefined {
  const url = asString(field(data, "fileUri"));
  if (!url) return undefined;
  const mediaType = asString(field(data, "mimeType")) ?? "";
  if (mediaType.startsWith("image/")) return { type: "image", source: { kind: "url", url } };
  return { type: "document", source: { kind: "url", url } };
}

/** `functionCall` → tool call; `nextCallId` supplies an id when Gemini sent none. */
export function functionCallPart(call: JsonObject, signature: ProviderSignature | undefined, nextCallId: () => string): IrToolCallPart {
  const args = call.args;
  const part: IrToolCallPart = {
    type: "tool-call",
    id: asString(call.id) || nextCallId(),
    name: asString(call.name) ?? "",
    arguments: JSON.stringify(isObject(args) ? args : {}),
  };
  if (signature) part.signature = signature;
  return part;
}

/**
 * Any part except `functionResponse` (which only the request decoder pairs with its call). Parts with no
 * meaning in the IR (executableCode, codeExecutionResult, ...) give undefined; a part that holds nothing but a
 * signature becomes an empty text part, so the signature is not lost.
 */
export function decodePart(raw: unknown, nextCallId: () => string): IrPart | undefined {
  const part = asObject(raw);
  const signature = signatureOf(part);
  const call = field(part, "functionCall");
  if (isObject(call)) return functionCallPart(call, signature, nextCallId);
  const text = asString(part.text);
  if (text !== undefined) {
    if (part.thought === true) return signature ? { type: "reasoning", text, signature } : { type: "reasoning", text };
    return signature ? { type: "text", text, signature } : { type: "text", text };
  }
  const inline = field(part, "inlineData");
  if (isObject(inline)) return inlineDataPart(inline);
  const file = field(part, "fileData");
  if (isObject(file)) return fileDataPart(file);
  if (part.thought === true) return signature ? { type: "reasoning", text: "", signature } : undefined;
  if (signature) return { type: "text", text: "", signature };
  return undefined;
}
