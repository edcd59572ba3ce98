// The Ollama native chat codec (`POST {base}/api/chat`, NDJSON streams). Upstream side only: no client speaks
// this format, so the client-side methods refuse with a clear error.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { FormatCodec } from "../format-codec.ts";
import { decodeOllamaResponse } from "./decode-response.ts";
import { encodeOllamaRequest } from "./encode-request.ts";
import { decodeOllamaError, ollamaErrorBody } from "./error-body.ts";
import { createOllamaStreamDecoder } from "./stream-decode.ts";

const upstreamOnly = (): never => {
  throw new InvalidRequestError("The Ollama native chat format is spoken only to upstreams; clients use the OpenAI, Anthropic or Gemini surfaces.", "unsupported_format");
};

export const ollamaCodec: FormatCodec = {
  id: "ollama",
  decodeRequest: upstreamOnly,
  encodeRequest: encodeOllamaRequest,
  decodeResponse: decodeOllamaResponse,
  encodeResponse: upstreamOnly,
  createStreamDecoder: createOllamaStreamDecoder,
  createStreamEncoder: upstreamOnly,
  errorBody: ollamaErrorBody,
  decodeError: decodeOllamaError,
};
