// Route handler for Cohere's `POST /v2/chat`: validates the request, applies the scenario chosen by the model
// name, and answers deterministically as JSON or as Cohere's typed SSE stream: message-start → per content
// block content-start / content-delta (one per word; thinking first when asked for) / content-end, or, for
// tool calls, tool-plan-delta words then per call tool-call-start / tool-call-delta fragments / tool-call-end →
// message-end with finish_reason and usage. mid-stream-error ends with message-end finish_reason ERROR.

import { cohereScenarioErrors } from "./cohere-errors.ts";
import { parseCohereRequest } from "./cohere-request.ts";
import { computeConversationUsage, deriveReply, piecesBeforeFailure, type ConversationReply, type ConversationUsage } from "./conversation.ts";
import { streamingResponse, type StreamWriter } from "./event-stream.ts";
import type { HandlerContext } from "./handler-context.ts";
import { respondToScenario } from "./scenario-responses.ts";
import { chunkDelayFor, parseScenario, type Scenario } from "./scenarios.ts";
import { namedEvent } from "./sse-framing.ts";
import { splitIntoFragments, splitIntoWordPieces } from "./text-pieces.ts";

/** Tokens Cohere adds around the prompt (its template), counted in `usage.tokens` but not billed. */
const templateTokens = 7;

type CohereToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };
type CohereContent = { type: "text"; text: string } | { type: "thinking"; thinking: string };
type CohereMessage = { role: "assistant"; content: CohereContent[]; tool_plan?: string; tool_calls?: CohereToolCall[] };

function cohereMessage(reply: ConversationReply, responseNumber: number): CohereMessage {
  const content: CohereContent[] = reply.thinking === undefined ? [] : [{ type: "thinking", thinking: reply.thinking }];
  const answer = reply.answer;
  if (answer.kind === "text") return { role: "assistant", content: [...content, { type: "text", text: answer.text }] };
  return {
    role: "assistant",
    content,
    tool_plan: `I will use ${answer.calls.map((call) => call.name).join(" and ")}.`,
    tool_calls: answer.calls.map((call, index) => ({ id: `${call.name}_mock${responseNumber}x${index}`, type: "function", function: { name: call.name, arguments: call.argumentsText } })),
  };
}

function cohereUsage(usage: ConversationUsage) {
  const output = usage.answerTokens + usage.thinkingTokens;
  return {
    billed_units: { input_tokens: usage.promptTokens, output_tokens: output },
    tokens: { input_tokens: usage.promptTokens + templateTokens, output_tokens: output },
    ...(usage.cachedPromptTokens > 0 ? { cached_tokens: usage.cachedPromptTokens } : {}),
  };
}

export async function handleCohereChat(context: HandlerContext): Promise<Response> {
  const request = parseCohereRequest(context.body);
  if (request instanceof Response) return request;

  const scenario = parseScenario(request.model);
  const scenarioResponse = await respondToScenario(scenario, request.model, context, request.stream, cohereScenarioErrors);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const reply = deriveReply(request.conversation, scenario, context.headers);
  const usage = computeConversationUsage(request.conversation, reply);
  const responseNumber = context.nextResponseNumber();
  const id = `cohere-mock-${responseNumber}`;
  const message = cohereMessage(reply, responseNumber);
  const finishReason = reply.answer.kind === "text" ? "COMPLETE" : "TOOL_CALL";
  if (request.stream) {
    return streamingResponse({
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      signal: context.signal,
      chunkDelayMilliseconds: chunkDelayFor(scenario),
      write: (writer) => writeCohereStream(writer, { id, message, reply, usage, finishReason, scenario }),
    });
  }
  return Response.json({ id, finish_reason: finishReason, message, usage: cohereUsage(usage) });
}

type StreamInput = { id: string; message: CohereMessage; reply: ConversationReply; usage: ConversationUsage; finishReason: string; scenario: Scenario };

async function writeCohereStream(writer: StreamWriter, input: StreamInput): Promise<void> {
  const send = (type: string, fields: Record<string, unknown> = {}) => writer.send(namedEvent(type, { type, ...fields }));
  const { message, scenario } = input;
  await send("message-start", { id: input.id, delta: { message: { role: "assistant", content: [], tool_plan: "", tool_calls: [], citations: [] } } });

  if (scenario.kind === "hang-after-headers") {
    await writer.waitUntilAborted();
    return;
  }
  if (scenario.kind === "mid-stream-error" || scenario.kind === "mid-stream-drop") {
    await send("content-start", { index: 0, delta: { message: { content: { type: "text", text: "" } } } });
    for (const piece of piecesBeforeFailure(input.reply.answer)) await send("content-delta", { index: 0, delta: { message: { content: { text: piece } } } });
    if (scenario.kind === "mid-stream-error") await send("message-end", { delta: { finish_reason: "ERROR", error: "upstream exploded" } });
    else writer.drop();
    return;
  }

  for (const [index, block] of message.content.entries()) {
    const field = block.type === "thinking" ? "thinking" : "text";
    const text = block.type === "thinking" ? block.thinking : block.text;
    await send("content-start", { index, delta: { message: { content: { type: block.type, [field]: "" } } } });
    for (const piece of splitIntoWordPieces(text)) await send("content-delta", { index, delta: { message: { content: { [field]: piece } } } });
    await send("content-end", { index });
  }
  for (const piece of splitIntoWordPieces(message.tool_plan ?? "")) await send("tool-plan-delta", { delta: { message: { tool_plan: piece } } });
  for (const [index, call] of (message.tool_calls ?? []).entries()) {
    await send("tool-call-start", { index, delta: { message: { tool_calls: { id: call.id, type: "function", function: { name: call.function.name, arguments: "" } } } } });
    for (const fragment of splitIntoFragments(call.function.arguments, 3)) {
      await send("tool-call-delta", { index, delta: { message: { tool_calls: { function: { arguments: fragment } } } } });
    }
    await send("tool-call-end", { index });
  }
  await send("message-end", { delta: { finish_reason: input.finishReason, usage: cohereUsage(input.usage) } });
}
