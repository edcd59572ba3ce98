// Images and files travel as URLs, data URLs, bare base64 or file ids in the Responses API, but as
// IrMediaSource in the IR; this is the one place that converts between the two, both directions.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import { mediaSourceFromUrl, mediaSourceToUrl } from "../data-url.ts";
import type { IrDocumentPart, IrImagePart, IrMediaSource } from "../ir.ts";
import { asString, type JsonObject } from "../json-values.ts";
import type { ResponsesInputContent, ResponsesInputFile } from "./schema-types.ts";

const mediaTypesByExtension: Record<string, string> = {
  pdf: "application/pdf",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  html: "text/html",
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

function mediaTypeForFilename(filename: string | undefined): string {
  const extension = filename?.split(".").pop()?.toLowerCase();
  return (extension && mediaTypesByExtension[extension]) || "application/pdf";
}

function filenameForMediaType(mediaType: string): string {
  const extension = Object.entries(mediaTypesByExtension).find(([, type]) => type === mediaType)?.[0] ?? "bin";
  return `document.${extension}`;
}

/** `input_image` → image part; a data URL becomes a base64 source. */
export function imagePartFromWire(part: JsonObject, path: string): IrImagePart {
  const imageUrl = asString(part.image_url);
  const fileId = asString(part.file_id);
  let source: IrMediaSource;
  if (imageUrl !== undefined) source = mediaSourceFromUrl(imageUrl);
  else if (fileId !== undefined) source = { kind: "file-id", fileId };
  else throw new InvalidRequestError(`${path}: an input_image needs image_url or file_id`, null, path);
  const detail = asString(part.detail);
  return detail === undefined ? { type: "image", source } : { type: "image", source, detail };
}

/** `input_file` → document part. `file_data` may be a data URL or bare base64 (typed from the filename). */
export function documentPartFromWire(part: JsonObject, path: string): IrDocumentPart {
  const fileData = asString(part.file_data);
  const fileUrl = asString(part.file_url);
  const fileId = asString(part.file_id);
  const filename = asString(part.filename);
  let source: IrMediaSource;
  if (fileData !== undefined) {
    source = fileData.startsWith("data:")
      ? mediaSourceFromUrl(fileData)
      : { kind: "base64", mediaType: mediaTypeForFilename(filename), data: fileData };
  } else if (fileUrl !== undefined) source = { kind: "url", url: fileUrl };
  else if (fileId !== undefined) source = { kind: "file-id", fileId };
  else throw new InvalidRequestError(`${path}: an input_file needs file_data, file_url or file_id`, null, path);
  return filename === undefined ? { type: "document", source } : { type: "document", source, filename };
}

/** Image part → `input_image` (base64 becomes a data URL; a text source can only go as text). */
export function imagePartToWire(part: IrImagePart): ResponsesInputContent {
  const detail = part.detail ?? "auto";
  const source = part.source;
  if (source.kind === "file-id") return { type: "input_image", detail, file_id: source.fileId };
  if (source.kind === "text") return { type: "input_text", text: source.text };
  return { type: "input_image", detail, image_url: mediaSourceToUrl(source) ?? "" };
}

/** Document part → `input_file` (a text document goes as input_text, headed by its title). */
export function documentPartToWire(part: IrDocumentPart): ResponsesInputContent {
  const source = part.source;
  let file: ResponsesInputFile;
  switch (source.kind) {
    case "text":
      return { type: "input_text", text: part.title ? `${part.title}\n\n${source.text}` : source.text };
    case "url":
      file = { type: "input_file", file_url: source.url };
      break;
    case "file-id":
      file = { type: "input_file", file_id: source.fileId };
      break;
    case "base64":
      // The API wants a filename with inline file data.
      file = { type: "input_file", file_data: mediaSourceToUrl(source), filename: filenameForMediaType(source.mediaType) };
      break;
  }
  if (part.filename !== undefined) file.filename = part.filename;
  return file;
}
