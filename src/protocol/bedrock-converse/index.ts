// The Amazon Bedrock Converse codec (`POST {base}/model/{modelId}/converse`, and `/converse-stream` answering in
// AWS's binary event-stream encoding). Upstream side only: no client speaks this format, so the client-side
// methods refuse with a clear error.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { FormatCodec } from "../format-codec.ts";
import { decodeBedrockConverseResponse } from "./decode-response.ts";
import { encodeBedrockConverseRequest } from "./encode-request.ts";
import { bedrockErrorBody, decodeBedrockError } from "./error-body.ts";
import { createBedrockConverseStreamDecoder } from "./stream-decode.ts";

const upstreamOnly = (): never => {
  throw new InvalidRequestError("The Bedrock Converse format is spoken only to upstreams; clients use the OpenAI, Anthropic or Gemini surfaces.", "unsupported_format");
};

export const bedrockConverseCodec: FormatCodec = {
  id: "bedrock-converse",
  decodeRequest: upstreamOnly,
  encodeRequest: encodeBedrockConverseRequest,
  decodeResponse: decodeBedrockConverseResponse,
  encodeResponse: upstreamOnly,
  createStreamDecoder: createBedrockConverseStreamDecoder,
  createStreamEncoder: upstreamOnly,
  errorBody: bedrockErrorBody,
  decodeError: decodeBedrockError,
};
