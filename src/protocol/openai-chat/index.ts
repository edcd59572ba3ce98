// The OpenAI Chat Completions codec.
import type { FormatCodec } from "../format-codec.ts";
import { decodeChatRequest } from "./decode-request.ts";
import { decodeChatResponse } from "./decode-response.ts";
import { encodeChatRequest } from "./encode-request.ts";
import { encodeChatResponse } from "./encode-response.ts";
import { chatErrorBody, decodeChatError } from "./error-body.ts";
import { createChatStreamDecoder } from "./stream-decode.ts";
import { createChatStreamEncoder } from "./stream-encode.ts";

export const openAIChatCodec: FormatCodec = {
  id: "openai-chat",
  decodeRequest: decodeChatRequest,
  encodeRequest: encodeChatRequest,
  decodeResponse: decodeChatResponse,
  encodeResponse: encodeChatResponse,
  createStreamDecoder: createChatStreamDecoder,
  createStreamEncoder: createChatStreamEncoder,
  errorBody: chatErrorBody,
  decodeError: decodeChatError,
};
