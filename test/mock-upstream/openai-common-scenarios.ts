// Scenarios that look the same on every OpenAI route (chat completions, embeddings, responses): the shared
// scenario logic of scenario-responses.ts with OpenAI's error bodies. Route handlers call this first; when it
// returns a Response they send it, when it returns undefined they answer normally.

import type { HandlerContext } from "./handler-context.ts";
import {
  contextTooLongResponse,
  errorStatusResponse,
  openAIErrorResponse,
  rateLimitResponse,
  upstreamExplodedDetails,
} from "./openai-errors.ts";
import { respondToScenario, type ScenarioErrors } from "./scenario-responses.ts";
import type { Scenario } from "./scenarios.ts";

export const openAIScenarioErrors: ScenarioErrors = {
  errorStatus: errorStatusResponse,
  rateLimit: rateLimitResponse,
  contextTooLong: contextTooLongResponse,
  overloaded: () => errorStatusResponse(503, ""),
  upstreamExploded: () => openAIErrorResponse(500, upstreamExplodedDetails()),
  truncatedJsonStart: '{"id":"truncated-mock-response","object":',
};

/**
 * @param streaming true when the route will answer with a stream; then the stream-shaped scenarios
 *   (hang-after-headers, mid-stream-*) are left to the route, which knows its own chunk format.
 */
export function respondToCommonScenario(
  scenario: Scenario,
  model: string,
  context: HandlerContext,
  streaming: boolean,
): Promise<Response | undefined> {
  return respondToScenario(scenario, model, context, streaming, openAIScenarioErrors);
}
