// The Cohere v2 chat codec (`POST {base}/v2/chat`, SSE streams with typed events). Upstream side only: no
// client speaks this format, so the client-side methods refuse with a clear error.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { FormatCodec } from "../format-codec.ts";
import { decodeCohereResponse } from "./decode-response.ts";
import { encodeCohereRequest } from "./encode-request.ts";
import { cohereErrorBody, decodeCohereError } from "./error-body.ts";
import { createCohereStreamDecoder } from "./stream-decode.ts";

const upstreamOnly = (): never => {
  throw new InvalidRequestError("The Cohere v2 chat format is spoken only to upstreams; clients use the OpenAI, Anthropic or Gemini surfaces.", "unsupported_format");
};

export const cohereCodec: FormatCodec = {
  id: "cohere",
  decodeRequest: upstreamOnly,
  encodeRequest: encodeCohereRequest,
  decodeResponse: decodeCohereResponse,
  encodeResponse: upstreamOnly,
  createStreamDecoder: createCohereStreamDecoder,
  createStreamEncoder: upstreamOnly,
  errorBody: cohereErrorBody,
  decodeError: decodeCohereError,
};
