// Scenarios that behave the same in every wire format, written once: error statuses, rate limiting, overload,
// hanging, slowness, and the failure scenarios of a non-streaming request. Each format supplies its own error
// bodies (ScenarioErrors); route handlers call respondToScenario first and answer normally when it returns
// undefined (a `slow-<ms>` scenario has already waited by then).

import { streamingResponse } from "./event-stream.ts";
import type { HandlerContext } from "./handler-context.ts";
import type { ErrorStatus, Scenario } from "./scenarios.ts";
import { sleepUnlessAborted, waitUntilAborted } from "./timing.ts";

/** How one wire format spells the scenario failures. */
export type ScenarioErrors = {
  errorStatus(status: ErrorStatus, model: string): Response;
  rateLimit(model: string): Response;
  contextTooLong(): Response;
  overloaded(): Response;
  /** mid-stream-error asked of a non-streaming request: a plain 500 whose message is "upstream exploded". */
  upstreamExploded(): Response;
  /** The opening of a JSON reply that mid-stream-drop cuts off when the request is not streaming. */
  truncatedJsonStart: string;
};

/** Stands in for a response after the client has gone away; nobody will read it. */
function abandonedResponse(): Response {
  return new Response(null, { status: 499 });
}

/**
 * @param streaming true when the route will answer with a stream; then the stream-shaped scenarios
 *   (hang-after-headers, mid-stream-*) are left to the route, which knows its own chunk format.
 */
export async function respondToScenario(
  scenario: Scenario,
  model: string,
  context: HandlerContext,
  streaming: boolean,
  errors: ScenarioErrors,
): Promise<Response | undefined> {
  switch (scenario.kind) {
    case "error-status":
      return errors.errorStatus(scenario.status, model);
    case "rate-limit":
      return errors.rateLimit(model);
    case "overloaded":
      return errors.overloaded();
    case "context-too-long":
      return errors.contextTooLong();
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
        await writer.send(errors.truncatedJsonStart);
        writer.drop();
      });
    case "mid-stream-error":
      if (streaming) return undefined;
      return errors.upstreamExploded();
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
