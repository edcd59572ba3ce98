// Gemini Code Assist (`{base}/v1internal:generateContent` and `:streamGenerateContent?alt=sse`, the API behind
// Gemini CLI's Google sign-in): a Gemini request wrapped as `{model, project, request}` and responses wrapped as
// `{response, traceId}`, stream events included. Everything inside the wrapper is the Gemini codec's; the project
// is per account and is added by the upstream family (src/upstream/families/gemini-code-assist.ts). Upstream side only.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { EncodedUpstreamRequest, FormatCodec, UpstreamTarget } from "../format-codec.ts";
import { decodeGeminiResponse } from "../gemini/decode-response.ts";
import { encodeGeminiRequest } from "../gemini/encode-request.ts";
import { decodeGeminiError, geminiErrorBody } from "../gemini/error-body.ts";
import { createGeminiStreamDecoder } from "../gemini/stream-decode.ts";
import type { IrRequest, IrResponse } from "../ir.ts";
import { asObject, asString, isObject, type JsonObject } from "../json-values.ts";

const upstreamOnly = (): never => {
  throw new InvalidRequestError("The Code Assist format is spoken only to upstreams; clients use the Gemini surface.", "unsupported_format");
};

/** The GenerateContentResponse inside a Code Assist answer, with its traceId as the response id. */
function unwrap(body: JsonObject): JsonObject {
  if (!isObject(body.response)) return body;
  const traceId = asString(body.traceId);
  return traceId && body.response.responseId === undefined ? { ...body.response, responseId: traceId } : body.response;
}

function encodeRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const inner = encodeGeminiRequest(request, target);
  const method = inner.path.slice(inner.path.lastIndexOf(":") + 1);
  return { path: `/v1internal:${method}`, body: { model: target.model, request: inner.body } };
}

export const geminiCodeAssistCodec: FormatCodec = {
  id: "gemini-code-assist",
  decodeRequest: upstreamOnly,
  encodeRequest,
  decodeResponse: (body: unknown): IrResponse => decodeGeminiResponse(unwrap(asObject(body))),
  encodeResponse: upstreamOnly,
  createStreamDecoder: () => createGeminiStreamDecoder(unwrap),
  createStreamEncoder: upstreamOnly,
  errorBody: geminiErrorBody,
  decodeError: decodeGeminiError,
};
