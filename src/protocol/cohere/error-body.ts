// IR errors ↔ Cohere's error body `{"message": "..."}` (some answers add an `id`; the HTTP status carries the kind).
import type { IrError } from "../ir.ts";
import { asObject, asString } from "../json-values.ts";

export function cohereErrorBody(error: IrError) {
  return { message: error.message };
}

export function decodeCohereError(status: number, body: unknown): IrError {
  const object = asObject(body);
  const message = asString(object.message) ?? asString(asObject(object.error).message) ?? asString(object.error) ?? `Upstream answered HTTP ${status}`;
  return { status, message, code: null };
}
