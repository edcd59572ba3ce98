// Vertex AI's generative routes under `/v1/projects/{project}/locations/{location}/publishers/…`: Google's Gemini
// models (`:generateContent`, `:streamGenerateContent`, answered by the Gemini handlers: the wire format is the
// same) and Anthropic's Claude models (`:rawPredict`, `:streamRawPredict`: a Messages body without `model`, with
// `anthropic_version: "vertex-2023-10-16"`, answered by the Messages handler). Every call needs an OAuth bearer
// token; a token this mock issued must still be valid, and any other is taken as a pasted access token.
// Claude model names pick scenarios after a `claude-scenario-` prefix (`claude-scenario-error-400`), since the
// gateway routes only `claude-*` names to the anthropic publisher.
import { anthropicInvalidRequest } from "./anthropic-errors.ts";
import { handleMessages } from "./anthropic-messages.ts";
import { bearerOf } from "./cloud-accounts.ts";
import { handleGenerateContent, handleStreamGenerateContent } from "./gemini-generate.ts";
import { geminiErrorResponse, geminiInvalidArgument, geminiUnknownRoute } from "./gemini-errors.ts";
import type { HandlerContext } from "./handler-context.ts";
import { isJsonObject } from "./json-guards.ts";
import type { WireProtocol } from "./wire-protocols.ts";

export const vertexRoutePattern = /^\/v1\/projects\/(?<project>[^/]+)\/locations\/(?<location>[^/]+)\/publishers\/(?<publisher>google|anthropic)\/models\/(?<model>[^:]+):(?<method>\w+)$/;

function unauthenticated(): Response {
  return geminiErrorResponse(
    401,
    "UNAUTHENTICATED",
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  );
}

/** Google's answer for a missing or stale bearer token. */
export const googleCloudProtocol: WireProtocol = {
  rejectUnauthenticated: (request) => (bearerOf(request.headers) ? undefined : unauthenticated()),
  invalidJsonResponse: () => geminiInvalidArgument("Invalid JSON payload received. Unexpected token."),
  unknownRouteResponse: (method, path) => geminiUnknownRoute(method, path),
  responseHeaders: () => ({}),
};

export function rejectStaleToken(context: HandlerContext): Response | undefined {
  const token = bearerOf(context.headers) ?? "";
  return context.cloud.isMockIssued(token) && !context.cloud.isValid(token) ? unauthenticated() : undefined;
}

export async function handleVertex(context: HandlerContext): Promise<Response> {
  const stale = rejectStaleToken(context);
  if (stale) return stale;
  const { publisher, model, method } = context.pathParameters;
  const pathParameters = { ...context.pathParameters, apiVersion: "v1" };
  if (publisher === "google") {
    if (method === "generateContent") return handleGenerateContent({ ...context, pathParameters });
    if (method === "streamGenerateContent") return handleStreamGenerateContent({ ...context, pathParameters });
  } else if (method === "rawPredict" || method === "streamRawPredict") {
    return claudeOnVertex(context, model ?? "", method === "streamRawPredict");
  }
  return geminiUnknownRoute("POST", context.url.pathname);
}

function claudeOnVertex(context: HandlerContext, model: string, streamMethod: boolean): Promise<Response> | Response {
  const body = context.body;
  if (!isJsonObject(body)) return anthropicInvalidRequest("The request body must be a JSON object.", context.requestId);
  const { anthropic_version: version, ...rest } = body;
  if (version !== "vertex-2023-10-16") return anthropicInvalidRequest(`anthropic_version: must be "vertex-2023-10-16", got ${JSON.stringify(version)}`, context.requestId);
  if ("model" in rest) return anthropicInvalidRequest("model: Extra inputs are not permitted (the model is named in the URL)", context.requestId);
  if ((rest.stream === true) !== streamMethod) return anthropicInvalidRequest(`stream: ${streamMethod ? "streamRawPredict" : "rawPredict"} does not match stream=${String(rest.stream)}`, context.requestId);
  return handleMessages({ ...context, body: { ...rest, model: model.replace(/^claude-scenario-/, "") }, headers: { ...context.headers, "anthropic-version": "2023-06-01" } });
}
