// What the server needs to know about each wire format before a route handler runs: how it authenticates, how it
// rejects a body that is not JSON or a path it does not serve, and which headers every response carries.

import { anthropicAuthenticationFailure, anthropicInvalidRequest, anthropicUnknownRoute } from "./anthropic-errors.ts";
import { geminiInvalidArgument, geminiMissingApiKey, geminiUnknownRoute } from "./gemini-errors.ts";
import { invalidApiKeyResponse, invalidJsonResponse, unknownRouteResponse } from "./openai-errors.ts";

export type IncomingRequest = { headers: Record<string, string>; url: URL };

export type WireProtocol = {
  /** An error Response when the request carries no usable credentials for this format, else undefined. */
  rejectUnauthenticated(request: IncomingRequest, requestId: string): Response | undefined;
  invalidJsonResponse(requestId: string): Response;
  unknownRouteResponse(method: string, path: string, requestId: string): Response;
  /** Headers added to every response of this format (besides the `x-request-id` every response gets). */
  responseHeaders(requestId: string): Record<string, string>;
};

/** OpenAI-style bearer auth: any non-empty key is accepted. */
export function hasBearerKey(headers: Record<string, string>): boolean {
  return /^Bearer\s+\S+/i.test(headers["authorization"] ?? "");
}

/** Gemini API-key auth: a non-empty `x-goog-api-key` header or `?key=` query parameter. */
export function hasGeminiKey(request: IncomingRequest): boolean {
  return (request.headers["x-goog-api-key"] ?? "").trim().length > 0 || (request.url.searchParams.get("key") ?? "").length > 0;
}

export const openAIProtocol: WireProtocol = {
  // Bearer as OpenAI, Azure OpenAI's `api-key`, or another provider's own key header (x-portkey-api-key, …).
  rejectUnauthenticated: (request) =>
    hasBearerKey(request.headers) || Object.entries(request.headers).some(([name, value]) => name.endsWith("-key") && value.length > 0) ? undefined : invalidApiKeyResponse(),
  invalidJsonResponse: () => invalidJsonResponse(),
  unknownRouteResponse: (method, path) => unknownRouteResponse(method, path),
  responseHeaders: () => ({}),
};

/** Anthropic accepts `x-api-key` (0.x SDKs, Claude Code) or `Authorization: Bearer` (1.x SDK). */
export const anthropicProtocol: WireProtocol = {
  rejectUnauthenticated(request, requestId) {
    const hasApiKey = (request.headers["x-api-key"] ?? "").trim().length > 0;
    return hasApiKey || hasBearerKey(request.headers) ? undefined : anthropicAuthenticationFailure(requestId);
  },
  invalidJsonResponse: (requestId) =>
    anthropicInvalidRequest("There was an issue with the formatting or content of your request body: invalid JSON", requestId),
  unknownRouteResponse: anthropicUnknownRoute,
  responseHeaders: (requestId) => ({ "request-id": requestId }),
};

export const geminiProtocol: WireProtocol = {
  rejectUnauthenticated: (request) => (hasGeminiKey(request) ? undefined : geminiMissingApiKey()),
  invalidJsonResponse: () => geminiInvalidArgument("Invalid JSON payload received. Unexpected token."),
  unknownRouteResponse: (method, path) => geminiUnknownRoute(method, path),
  responseHeaders: () => ({}),
};

/** The format that answers a path no route serves: Gemini under /v1beta/, Anthropic under /v1/messages, else OpenAI. */
export function protocolForUnknownPath(path: string): WireProtocol {
  if (path.startsWith("/v1beta/")) return geminiProtocol;
  if (path.startsWith("/v1/messages")) return anthropicProtocol;
  return openAIProtocol;
}
