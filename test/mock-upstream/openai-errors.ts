// OpenAI's error wire format, shared by every OpenAI route of the mock: the `{error:{message,type,param,code}}`
// body, the per-status bodies used by the error-<status> scenarios, and the 429 rate-limit headers.
// Messages are modelled on what api.openai.com actually returns.

import type { ErrorStatus } from "./scenarios.ts";

export type OpenAIErrorDetails = {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
};

export function openAIErrorResponse(
  status: number,
  details: OpenAIErrorDetails,
  extraHeaders: Record<string, string> = {},
): Response {
  return Response.json({ error: details }, { status, headers: extraHeaders });
}

export function invalidApiKeyResponse(): Response {
  return openAIErrorResponse(401, {
    message: "Incorrect API key provided",
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  });
}

export function unknownRouteResponse(method: string, path: string): Response {
  return openAIErrorResponse(404, {
    message: `Invalid URL (${method} ${path})`,
    type: "invalid_request_error",
    param: null,
    code: null,
  });
}

export function invalidJsonResponse(): Response {
  return openAIErrorResponse(400, {
    message:
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    type: "invalid_request_error",
    param: null,
    code: null,
  });
}

export function invalidRequestResponse(message: string, param: string | null, code: string | null = null): Response {
  return openAIErrorResponse(400, { message, type: "invalid_request_error", param, code });
}

export function errorStatusResponse(status: ErrorStatus, model: string): Response {
  return openAIErrorResponse(status, errorDetailsByStatus(status, model));
}

function errorDetailsByStatus(status: ErrorStatus, model: string): OpenAIErrorDetails {
  switch (status) {
    case 400:
      return {
        message: "Invalid request (mock error-400).",
        type: "invalid_request_error",
        param: null,
        code: null,
      };
    case 401:
      return {
        message: "Incorrect API key provided",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      };
    case 403:
      return {
        message: "Country, region, or territory not supported",
        type: "request_forbidden",
        param: null,
        code: "unsupported_country_region_territory",
      };
    case 404:
      return {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: "invalid_request_error",
        param: null,
        code: "model_not_found",
      };
    case 500:
      return {
        message: "The server had an error while processing your request. Sorry about that!",
        type: "server_error",
        param: null,
        code: null,
      };
    case 503:
      return {
        message: "The engine is currently overloaded, please try again later.",
        type: "server_error",
        param: null,
        code: "service_unavailable",
      };
  }
}

export function rateLimitResponse(model: string): Response {
  return openAIErrorResponse(
    429,
    {
      message: `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 2s.`,
      type: "requests",
      param: null,
      code: "rate_limit_exceeded",
    },
    {
      "retry-after": "2",
      "x-ratelimit-limit-requests": "60",
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": "2s",
      "x-ratelimit-limit-tokens": "150000",
      "x-ratelimit-remaining-tokens": "149990",
      "x-ratelimit-reset-tokens": "4ms",
    },
  );
}

export function contextTooLongResponse(): Response {
  return openAIErrorResponse(400, {
    message:
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
    type: "invalid_request_error",
    param: "messages",
    code: "context_length_exceeded",
  });
}

/** The in-stream error of the mid-stream-error scenario (key order as in the brief: code before param). */
export function upstreamExplodedDetails(): OpenAIErrorDetails {
  return { message: "upstream exploded", type: "server_error", code: null, param: null };
}
