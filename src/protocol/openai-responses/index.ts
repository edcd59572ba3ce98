// The OpenAI Responses API codec (POST /v1/responses): what Codex CLI and the Vercel AI SDK's default
// `openai(model)` speak, on the client side and toward Responses upstreams.
import type { FormatCodec } from "../format-codec.ts";
import { decodeResponsesRequest } from "./decode-request.ts";
import { decodeResponsesResponse } from "./decode-response.ts";
import { encodeResponsesRequest } from "./encode-request.ts";
import { encodeResponsesResponse } from "./encode-response.ts";
import { decodeResponsesError, responsesErrorBody } from "./error-body.ts";
import { createResponsesStreamDecoder } from "./stream-decode.ts";
import { createResponsesStreamEncoder } from "./stream-encode.ts";

export const openAIResponsesCodec: FormatCodec = {
  id: "openai-responses",
  decodeRequest: decodeResponsesRequest,
  encodeRequest: encodeResponsesRequest,
  decodeResponse: decodeResponsesResponse,
  encodeResponse: encodeResponsesResponse,
  createStreamDecoder: createResponsesStreamDecoder,
  createStreamEncoder: createResponsesStreamEncoder,
  errorBody: responsesErrorBody,
  decodeError: decodeResponsesError,
};
