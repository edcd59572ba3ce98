// The Gemini generateContent codec (`/v1beta/models/{model}:generateContent` and `:streamGenerateContent`),
// assembled from one module per direction.
import type { FormatCodec } from "../format-codec.ts";
import { decodeGeminiRequest } from "./decode-request.ts";
import { decodeGeminiResponse } from "./decode-response.ts";
import { encodeGeminiRequest } from "./encode-request.ts";
import { encodeGeminiResponse } from "./encode-response.ts";
import { decodeGeminiError, geminiErrorBody } from "./error-body.ts";
import { createGeminiStreamDecoder } from "./stream-decode.ts";
import { createGeminiStreamEncoder } from "./stream-encode.ts";

export const geminiCodec: FormatCodec = {
  id: "gemini",
  decodeRequest: decodeGeminiRequest,
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  encodeResponse: encodeGeminiResponse,
  createStreamDecoder: createGeminiStreamDecoder,
  createStreamEncoder: createGeminiStreamEncoder,
  errorBody: geminiErrorBody,
  decodeError: decodeGeminiError,
};
