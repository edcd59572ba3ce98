// GatewayError → the OpenAI error body `{error:{message,type,param,code}}`, used by the Chat, Responses,
// Embeddings and Models surfaces.
import { UpstreamError, type ErrorKind, type GatewayError } from "../../errors/gateway-errors.ts";

const typeForKind: Record<ErrorKind, string> = {
  invalid_request: "invalid_request_error",
  authentication: "authentication_error",
  permission: "permission_error",
  not_found: "invalid_request_error",
  payload_too_large: "invalid_request_error",
  rate_limit: "rate_limit_error",
  upstream: "upstream_error",
  unavailable: "service_unavailable_error",
  timeout: "timeout_error",
  internal: "server_error",
};

export function openAIErrorBody(error: GatewayError) {
  const sameFamily = error instanceof UpstreamError && (error.upstreamFamily === null || error.upstreamFamily.startsWith("openai"));
  const type = error instanceof UpstreamError && sameFamily && error.upstreamType ? error.upstreamType : typeForKind[error.kind];
  return { error: { message: error.message, type, param: error.param, code: error.code } };
}
