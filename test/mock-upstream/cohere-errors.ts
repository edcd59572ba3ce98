// Cohere's error wire format for the mock `/v2/chat` route: `{"id": ..., "message": ...}` with the HTTP status,
// Bearer authentication, the per-status bodies of the error-<status> scenarios and the 429 with retry-after.
// Messages are modelled on what api.cohere.com answers. (The in-stream failure is a message-end event with
// finish_reason ERROR; see cohere-chat.ts.)

import type { ScenarioErrors } from "./scenario-responses.ts";
import type { ErrorStatus } from "./scenarios.ts";
import { hasBearerKey, type WireProtocol } from "./wire-protocols.ts";

export function cohereError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ id: crypto.randomUUID(), message }, { status, headers });
}

export const cohereProtocol: WireProtocol = {
  rejectUnauthenticated: (request) => (hasBearerKey(request.headers) ? undefined : cohereError(401, "no api key supplied")),
  invalidJsonResponse: () => cohereError(400, "invalid request: could not parse the request body as JSON"),
  unknownRouteResponse: (method, path) => cohereError(404, `Not found: ${method} ${path}`),
  responseHeaders: () => ({}),
};

function errorStatusResponse(status: ErrorStatus, model: string): Response {
  switch (status) {
    case 400:
      return cohereError(400, "invalid request: Invalid request (mock error-400).");
    case 401:
      return cohereError(401, "invalid api token");
    case 403:
      return cohereError(403, "Forbidden: your API key does not have access to this resource");
    case 404:
      return cohereError(404, `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`);
    case 500:
      return cohereError(500, "internal server error, this has been reported to our developers.");
    case 503:
      return cohereError(503, "service unavailable");
  }
}

export const cohereScenarioErrors: ScenarioErrors = {
  errorStatus: errorStatusResponse,
  rateLimit: () => cohereError(429, "You are using a Trial key, which is limited to 20 API calls / minute (mock).", { "retry-after": "2" }),
  contextTooLong: () => cohereError(400, "invalid request: too many tokens: total number of tokens in the prompt cannot exceed 256000"),
  overloaded: () => cohereError(503, "The server is overloaded, please try again later."),
  upstreamExploded: () => cohereError(500, "upstream exploded"),
  truncatedJsonStart: '{"id":"cohere-mock-truncated","message":{"role":',
};
