// Gemini's (Google RPC) error wire format for the mock generativelanguage routes: the `{error:{code,message,status,
// details?}}` body, the per-status bodies of the error-<status> scenarios, RESOURCE_EXHAUSTED with a RetryInfo
// detail, UNAVAILABLE for overload, and the in-stream error chunk. Messages are modelled on Google's answers.

import type { ScenarioErrors } from "./scenario-responses.ts";
import type { ErrorStatus } from "./scenarios.ts";

export type GeminiErrorStatus =
  | "INVALID_ARGUMENT"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "RESOURCE_EXHAUSTED"
  | "INTERNAL"
  | "UNAVAILABLE";

export type GeminiErrorBody = { error: { code: number; message: string; status: GeminiErrorStatus; details?: unknown[] } };

export function geminiErrorBody(code: number, status: GeminiErrorStatus, message: string, details?: unknown[]): GeminiErrorBody {
  return { error: { code, message, status, ...(details === undefined ? {} : { details }) } };
}

export function geminiErrorResponse(code: number, status: GeminiErrorStatus, message: string, details?: unknown[]): Response {
  return Response.json(geminiErrorBody(code, status, message, details), { status: code });
}

export function geminiInvalidArgument(message: string): Response {
  return geminiErrorResponse(400, "INVALID_ARGUMENT", message);
}

export function geminiMissingApiKey(): Response {
  return geminiErrorResponse(
    403,
    "PERMISSION_DENIED",
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

export function geminiUnknownRoute(method: string, path: string): Response {
  return geminiErrorResponse(404, "NOT_FOUND", `Requested entity was not found: ${method} ${path}`);
}

export function geminiModelNotFound(model: string, apiVersion: string): Response {
  return geminiErrorResponse(
    404,
    "NOT_FOUND",
    `models/${model} is not found for API version ${apiVersion}, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
  );
}

/** The in-stream error chunk of the mid-stream-error scenario. */
export const upstreamExplodedChunk: GeminiErrorBody = geminiErrorBody(500, "INTERNAL", "upstream exploded");

function errorStatusResponse(status: ErrorStatus, model: string, apiVersion: string): Response {
  switch (status) {
    case 400:
      return geminiInvalidArgument("Invalid request (mock error-400).");
    case 401:
      return geminiErrorResponse(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
      );
    case 403:
      return geminiErrorResponse(403, "PERMISSION_DENIED", "Permission denied: Consumer 'api_key:mock' has been suspended.");
    case 404:
      return geminiModelNotFound(model, apiVersion);
    case 500:
      return geminiErrorResponse(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
    case 503:
      return geminiErrorResponse(503, "UNAVAILABLE", "The service is currently unavailable.");
  }
}

/** @param apiVersion "v1beta" or "v1", as in the request path (named in NOT_FOUND messages). */
export function geminiScenarioErrors(apiVersion: string): ScenarioErrors {
  return {
    errorStatus: (status, model) => errorStatusResponse(status, model, apiVersion),
    rateLimit: () =>
      geminiErrorResponse(
        429,
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details. Please retry in 2s.",
        [
          {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_requests", quotaId: "GenerateRequestsPerMinutePerProjectPerModel" }],
          },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2s" },
        ],
      ),
    contextTooLong: () =>
      geminiInvalidArgument("The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."),
    overloaded: () => geminiErrorResponse(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
    upstreamExploded: () => Response.json(upstreamExplodedChunk, { status: 500 }),
    truncatedJsonStart: '{"candidates":[{"content":{"parts":[{"text":',
  };
}
