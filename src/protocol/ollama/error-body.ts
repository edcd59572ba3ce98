// IR errors ↔ Ollama's error body `{"error": "message"}` (the HTTP status carries the kind).
import type { IrError } from "../ir.ts";
import { asObject, asString } from "../json-values.ts";

export function ollamaErrorBody(error: IrError) {
  return { error: error.message };
}

export function decodeOllamaError(status: number, body: unknown): IrError {
  const object = asObject(body);
  const message = asString(object.error) ?? asString(asObject(object.error).message) ?? `Upstream answered HTTP ${status}`;
  return { status, message, code: null };
}
