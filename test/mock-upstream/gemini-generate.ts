// Route handlers for Gemini's `POST /{v1beta|v1}/models/{model}:generateContent` and `:streamGenerateContent`
// (SSE with `?alt=sse`, else one JSON array written incrementally): validates the request, applies the scenario
// chosen by the model in the path, and answers deterministically. The API key was checked by the server.

import { computeConversationUsage, deriveReply } from "./conversation.ts";
import { geminiScenarioErrors } from "./gemini-errors.ts";
import { geminiReplyParts, geminiResponseBody, geminiUsageMetadata } from "./gemini-reply.ts";
import { parseGeminiRequest } from "./gemini-request.ts";
import { streamGeminiResponse, type GeminiStreamFraming } from "./gemini-stream.ts";
import type { HandlerContext } from "./handler-context.ts";
import { respondToScenario } from "./scenario-responses.ts";
import { parseScenario } from "./scenarios.ts";

export function handleGenerateContent(context: HandlerContext): Promise<Response> {
  return generate(context, undefined);
}

export function handleStreamGenerateContent(context: HandlerContext): Promise<Response> {
  return generate(context, context.url.searchParams.get("alt") === "sse" ? "sse" : "json-array");
}

/** @param framing undefined for a single JSON response. */
async function generate(context: HandlerContext, framing: GeminiStreamFraming | undefined): Promise<Response> {
  const model = context.pathParameters["model"] ?? "";
  const conversation = parseGeminiRequest(context.body, model);
  if (conversation instanceof Response) return conversation;

  const scenario = parseScenario(model);
  const errors = geminiScenarioErrors(context.pathParameters["apiVersion"] ?? "v1beta");
  const scenarioResponse = await respondToScenario(scenario, model, context, framing !== undefined, errors);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const reply = deriveReply(conversation, scenario, context.headers);
  const usage = computeConversationUsage(conversation, reply);
  const responseNumber = context.nextResponseNumber();
  const identity = { model, responseId: `mock-response-${responseNumber}` };
  const parts = geminiReplyParts(reply, responseNumber);

  if (framing !== undefined) {
    return streamGeminiResponse({ parts, reply, usage, identity, framing, scenario, signal: context.signal });
  }
  const usageMetadata = geminiUsageMetadata(usage, usage.answerTokens, usage.thinkingTokens);
  return Response.json(geminiResponseBody([...parts.thoughtParts, ...parts.answerParts], true, usageMetadata, identity));
}
