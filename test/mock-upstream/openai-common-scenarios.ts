// Scenarios that look the same on every OpenAI route (chat completions, embeddings): error statuses, rate
// limiting, hanging and slowness. Route handlers call this first; when it returns a Response they send it,
// when it returns undefined they answer normally (a `slow-<ms>` scenario has already waited by then).

import type { HandlerContext } from "./handler-context.ts";
import {
  contextTooLongResponse,
  errorStatusResponse,
  openAIErrorResponse,
  rateLimitResponse,
  upstreamExplodedDetails,
} from "./openai-errors.ts";
import type { Scenario } from "./scenarios.ts";
import { streamingResponse } from "./event-stream.ts";
import { sleepUnlessAborted, waitUntilAborted } from "./timing.ts";

/** Stands in for a response after the client has gone away; nobody will read it. */
function abandonedResponse(): Response {
  return new Response(null, { status: 499 });
}

/**
 * @param streaming true when the route will answer with a stream; then the stream-shaped scenarios
 *   (hang-after-headers, mid-stream-*) are left to the route, which knows its own chunk format.
 */
export async function respondToCommonScenario(
  scenario: Scenario,
  model: string,
  context: HandlerContext,
  streaming: boolean,
): Promise<Response | undefined> {
  switch (scenario.kind) {
    case "error-status":
      return errorStatusResponse(scenario.status, model);
    case "rate-limit":
      return rateLimitResponse(model);
    case "context-too-long":
      return contextTooLongResponse();
    case "hang":
      await waitUntilAborted(context.signal);
      return abandonedResponse();
    case "slow":
      await sleepUnlessAborted(scenario.delayMilliseconds, context.signal);
      return context.signal.aborted ? abandonedResponse() : undefined;
    case "hang-after-headers":
      // A JSON body may start with whitespace; one space makes the runtime flush the 200 headers.
      if (streaming) return undefined;
      return jsonBodyThatNeverEnds(context, async (writer) => {
        await writer.send(" ");
        await writer.waitUntilAborted();
      });
    case "mid-stream-drop":
      if (streaming) return undefined;
      return jsonBodyThatNeverEnds(context, async (writer) => {
        await writer.send('{"id":"truncated-mock-response","object":');
        writer.drop();
      });
    case "mid-stream-error":
      if (streaming) return undefined;
      return openAIErrorResponse(500, upstreamExplodedDetails());
    case "normal":
    case "chunk-delay":
    case "echo-headers":
    case "embed-floats-only":
      return undefined;
  }
}

function jsonBodyThatNeverEnds(
  context: HandlerContext,
  write: Parameters<typeof streamingResponse>[0]["write"],
): Response {
  return streamingResponse({
    headers: { "content-type": "application/json" },
    signal: context.signal,
    chunkDelayMilliseconds: 0,
    write,
  });
}
