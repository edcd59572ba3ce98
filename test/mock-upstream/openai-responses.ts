// Route handler for `POST /v1/responses` (OpenAI Responses API): validates the request, applies the scenario
// chosen by the model name, and answers with a deterministic response object as JSON or as a typed-event SSE
// stream. Bearer auth and OpenAI error bodies come from the OpenAI protocol, as for Chat Completions.

import { computeConversationUsage, deriveReply } from "./conversation.ts";
import type { HandlerContext } from "./handler-context.ts";
import { respondToCommonScenario } from "./openai-common-scenarios.ts";
import { outputItems, responseObject, responsesUsage } from "./openai-responses-reply.ts";
import { parseResponsesRequest } from "./openai-responses-request.ts";
import { streamResponse } from "./openai-responses-stream.ts";
import { parseScenario } from "./scenarios.ts";

export async function handleResponses(context: HandlerContext): Promise<Response> {
  const request = parseResponsesRequest(context.body);
  if (request instanceof Response) return request;

  const scenario = parseScenario(request.model);
  const scenarioResponse = await respondToCommonScenario(scenario, request.model, context, request.stream);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const reply = deriveReply(request.conversation, scenario, context.headers);
  const usage = responsesUsage(computeConversationUsage(request.conversation, reply));
  const responseNumber = context.nextResponseNumber();
  const responseId = `resp_mock_${responseNumber}`;
  const output = outputItems(reply, responseNumber, request.includeEncryptedReasoning);

  if (request.stream) {
    return streamResponse({ request, responseId, responseNumber, output, usage, reply, scenario, signal: context.signal });
  }
  return Response.json(responseObject(request, responseId, { status: "completed", output, usage, error: null }));
}
