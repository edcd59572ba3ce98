// Ollama's native error wire format for the mock `/api/*` routes: `{"error": "message"}` with the HTTP status,
// no authentication (a local Ollama takes any request), the per-status bodies of the error-<status> scenarios,
// and the in-stream error line. Messages are modelled on what an Ollama server answers.

import type { ScenarioErrors } from "./scenario-responses.ts";
import type { ErrorStatus } from "./scenarios.ts";
import type { WireProtocol } from "./wire-protocols.ts";

export function ollamaError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers });
}

export const ollamaProtocol: WireProtocol = {
  rejectUnauthenticated: () => undefined,
  invalidJsonResponse: () => ollamaError(400, "invalid character 'x' looking for beginning of value"),
  // Ollama's router answers an unknown path with a plain-text 404.
  unknownRouteResponse: () => new Response("404 page not found", { status: 404, headers: { "content-type": "text/plain" } }),
  responseHeaders: () => ({}),
};

/** The in-stream error line of the mid-stream-error scenario. */
export const ollamaStreamError = { error: "an error was encountered while running the model: upstream exploded" };

function errorStatusResponse(status: ErrorStatus, model: string): Response {
  switch (status) {
    case 400:
      return ollamaError(400, "Invalid request (mock error-400).");
    case 401:
      return ollamaError(401, "unauthorized");
    case 403:
      return ollamaError(403, "forbidden");
    case 404:
      return ollamaError(404, `model '${model}' not found`);
    case 500:
      return ollamaError(500, "llama runner process has terminated: exit status 2");
    case 503:
      return ollamaError(503, "server busy, please try again.  maximum pending requests exceeded");
  }
}

export const ollamaScenarioErrors: ScenarioErrors = {
  errorStatus: errorStatusResponse,
  rateLimit: () => ollamaError(429, "too many requests (mock rate limit)", { "retry-after": "2" }),
  contextTooLong: () => ollamaError(400, "the input length exceeds the context length"),
  overloaded: () => ollamaError(503, "server busy, please try again.  maximum pending requests exceeded"),
  upstreamExploded: () => ollamaError(500, "upstream exploded"),
  truncatedJsonStart: '{"model":"mock","created_at":"2025-01-01T00:00:00Z","message":{"role":',
};
