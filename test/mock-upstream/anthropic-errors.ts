// Anthropic's error wire format for the mock `/v1/messages` route: the `{type:"error",error:{type,message},
// request_id}` body, the per-status bodies of the error-<status> scenarios, the 429 rate-limit headers, the 529
// overload, and the in-stream error event. Messages are modelled on what api.anthropic.com returns. (The
// `request-id` response header is added by the server to every Anthropic route's response.)

import type { ScenarioErrors } from "./scenario-responses.ts";
import type { ErrorStatus } from "./scenarios.ts";

export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

export function anthropicErrorResponse(
  status: number,
  type: AnthropicErrorType,
  message: string,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): Response {
  return Response.json(
    { type: "error", error: { type, message }, request_id: requestId },
    { status, headers: extraHeaders },
  );
}

export function anthropicInvalidRequest(message: string, requestId: string): Response {
  return anthropicErrorResponse(400, "invalid_request_error", message, requestId);
}

export function anthropicAuthenticationFailure(requestId: string): Response {
  return anthropicErrorResponse(401, "authentication_error", "invalid x-api-key", requestId);
}

export function anthropicUnknownRoute(method: string, path: string, requestId: string): Response {
  return anthropicErrorResponse(404, "not_found_error", `Not found: ${method} ${path}`, requestId);
}

/** The in-stream error of the mid-stream-error scenario, sent as `event: error`. */
export const anthropicOverloadedStreamError = {
  type: "error",
  error: { type: "overloaded_error", message: "Overloaded" },
};

function errorStatusResponse(status: ErrorStatus, model: string, requestId: string): Response {
  switch (status) {
    case 400:
      return anthropicErrorResponse(400, "invalid_request_error", "Invalid request (mock error-400).", requestId);
    case 401:
      return anthropicAuthenticationFailure(requestId);
    case 403:
      return anthropicErrorResponse(403, "permission_error", "Your API key does not have permission to use the specified resource.", requestId);
    case 404:
      return anthropicErrorResponse(404, "not_found_error", `model: ${model}`, requestId);
    case 500:
      return anthropicErrorResponse(500, "api_error", "Internal server error", requestId);
    case 503:
      return anthropicErrorResponse(503, "api_error", "Service unavailable", requestId);
  }
}

/** Reset times are RFC 3339 instants; two seconds ahead, matching `retry-after: 2`. */
function rateLimitHeaders(): Record<string, string> {
  const reset = new Date(Date.now() + 2000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    "retry-after": "2",
    "anthropic-ratelimit-requests-limit": "50",
    "anthropic-ratelimit-requests-remaining": "0",
    "anthropic-ratelimit-requests-reset": reset,
    "anthropic-ratelimit-tokens-limit": "100000",
    "anthropic-ratelimit-tokens-remaining": "99990",
    "anthropic-ratelimit-tokens-reset": reset,
    "anthropic-ratelimit-input-tokens-limit": "80000",
    "anthropic-ratelimit-input-tokens-remaining": "79990",
    "anthropic-ratelimit-input-tokens-reset": reset,
    "anthropic-ratelimit-output-tokens-limit": "20000",
    "anthropic-ratelimit-output-tokens-remaining": "20000",
    "anthropic-ratelimit-output-tokens-reset": reset,
  };
}

export function anthropicScenarioErrors(requestId: string): ScenarioErrors {
  return {
    errorStatus: (status, model) => errorStatusResponse(status, model, requestId),
    rateLimit: () =>
      anthropicErrorResponse(
        429,
        "rate_limit_error",
        "This request would exceed the rate limit for your organization (mock) of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
        requestId,
        rateLimitHeaders(),
      ),
    contextTooLong: () => anthropicInvalidRequest("prompt is too long: 210000 tokens > 200000 maximum", requestId),
    overloaded: () => anthropicErrorResponse(529, "overloaded_error", "Overloaded", requestId),
    upstreamExploded: () => anthropicErrorResponse(500, "api_error", "upstream exploded", requestId),
    truncatedJsonStart: '{"id":"msg_mock_truncated","type":"message","role":',
  };
}
