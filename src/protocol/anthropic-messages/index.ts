// The Anthropic Messages codec: client bodies and upstream traffic in the `/v1/messages` format ↔ the IR.
import type { FormatCodec } from "../format-codec.ts";
import { decodeAnthropicRequest } from "./decode-request.ts";
import { decodeAnthropicResponse } from "./decode-response.ts";
import { encodeAnthropicRequest } from "./encode-request.ts";
import { encodeAnthropicResponse } from "./encode-response.ts";
import { anthropicErrorBody, decodeAnthropicError } from "./error-body.ts";
import { createAnthropicStreamDecoder } from "./stream-decode.ts";
import { createAnthropicStreamEncoder } from "./stream-encode.ts";

export const anthropicMessagesCodec: FormatCodec = {
  id: "anthropic",
  decodeRequest: decodeAnthropicRequest,
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  encodeResponse: encodeAnthropicResponse,
  createStreamDecoder: createAnthropicStreamDecoder,
  createStreamEncoder: createAnthropicStreamEncoder,
  errorBody: anthropicErrorBody,
  decodeError: decodeAnthropicError,
};
