// Route handler for Anthropic's `POST /v1/messages`: checks the version header, validates the request, applies
// the scenario chosen by the model name, and answers with a deterministic message as JSON or as an
// Anthropic-exact SSE stream. Authentication (x-api-key or bearer) is checked by the server before this runs.

import { anthropicInvalidRequest, anthropicScenarioErrors } from "./anthropic-errors.ts";
import { anthropicContentBlocks, anthropicStopReason, anthropicUsage, totalOutputTokens, type AnthropicMessage } from "./anthropic-reply.ts";
import { parseAnthropicRequest } from "./anthropic-request.ts";
import { streamAnthropicMessage } from "./anthropic-stream.ts";
import { computeConversationUsage, deriveReply } from "./conversation.ts";
import type { HandlerContext } from "./handler-context.ts";
import { respondToScenario } from "./scenario-responses.ts";
import { parseScenario } from "./scenarios.ts";

export async function handleMessages(context: HandlerContext): Promise<Response> {
  if (!context.headers["anthropic-version"]) {
    return anthropicInvalidRequest("anthropic-version: header is required", context.requestId);
  }
  const request = parseAnthropicRequest(context.body, context.requestId);
  if (request instanceof Response) return request;

  const scenario = parseScenario(request.model);
  const errors = anthropicScenarioErrors(context.requestId);
  const scenarioResponse = await respondToScenario(scenario, request.model, context, request.stream, errors);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const reply = deriveReply(request.conversation, scenario, context.headers);
  const usage = computeConversationUsage(request.conversation, reply);
  const responseNumber = context.nextResponseNumber();
  const message: AnthropicMessage = {
    id: `msg_mock_${responseNumber}`,
    type: "message",
    role: "assistant",
    model: request.model,
    content: anthropicContentBlocks(reply, responseNumber),
    stop_reason: anthropicStopReason(reply),
    stop_sequence: null,
    usage: anthropicUsage(usage, totalOutputTokens(usage)),
  };

  if (request.stream) return streamAnthropicMessage({ message, reply, scenario, signal: context.signal });
  return Response.json(message);
}
