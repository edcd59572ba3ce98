// Route handler for `POST /v1/chat/completions`: validates the request, applies the scenario chosen by the model
// name, and answers with a deterministic chat completion as JSON or as an OpenAI-exact SSE stream.

import type { HandlerContext } from "./handler-context.ts";
import { respondToCommonScenario } from "./openai-common-scenarios.ts";
import {
  computeUsage,
  deriveChatReply,
  finishReasonOf,
  fixedCreatedTimestamp,
  mockSystemFingerprint,
  parseChatRequest,
  type ChatReply,
} from "./openai-chat-reply.ts";
import { streamChatCompletion } from "./openai-chat-stream.ts";
import { parseScenario } from "./scenarios.ts";

export async function handleChatCompletions(context: HandlerContext): Promise<Response> {
  const request = parseChatRequest(context.body);
  if (request instanceof Response) return request;

  const scenario = parseScenario(request.model);
  const scenarioResponse = await respondToCommonScenario(scenario, request.model, context, request.stream);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const reply = deriveChatReply(request, scenario, context.headers);
  const usage = computeUsage(request, reply);
  const responseId = `chatcmpl-mock-${context.nextResponseNumber()}`;

  if (request.stream) return streamChatCompletion({ request, reply, usage, responseId, scenario, context });

  return Response.json({
    id: responseId,
    object: "chat.completion",
    created: fixedCreatedTimestamp,
    model: request.model,
    choices: [{ index: 0, message: assistantMessage(reply), logprobs: null, finish_reason: finishReasonOf(reply) }],
    usage,
    system_fingerprint: mockSystemFingerprint,
  });
}

function assistantMessage(reply: ChatReply): Record<string, unknown> {
  if (reply.kind === "text") return { role: "assistant", content: reply.text, refusal: null, annotations: [] };
  return {
    role: "assistant",
    content: null,
    refusal: null,
    annotations: [],
    tool_calls: reply.calls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    })),
  };
}
