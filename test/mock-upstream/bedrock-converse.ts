// Route handler for Bedrock's `POST /model/{modelId}/converse` and `/converse-stream`: validates the request,
// applies the scenario chosen by the model id (the URL's, decoded), and answers deterministically as JSON or
// in AWS's binary event stream: messageStart → reasoning deltas and their signature (when thinking was asked
// for) → text deltas, one per word, or per tool call contentBlockStart (id, name) and input fragments → one
// contentBlockStop per block → messageStop (stopReason) → metadata (usage, metrics). Usage counts cached prompt
// tokens apart, as Bedrock does: inputTokens + cacheReadInputTokens + cacheWriteInputTokens is the whole prompt.
// mid-stream-error ends with a modelStreamErrorException message after two words.

import { converseEvent, converseException } from "./aws-event-stream.ts";
import { bedrockModelFailure, bedrockScenarioErrors } from "./bedrock-errors.ts";
import { parseBedrockRequest } from "./bedrock-request.ts";
import { computeConversationUsage, deriveReply, piecesBeforeFailure, type ConversationReply, type ConversationUsage } from "./conversation.ts";
import { streamingResponse, type StreamWriter } from "./event-stream.ts";
import type { HandlerContext } from "./handler-context.ts";
import { respondToScenario } from "./scenario-responses.ts";
import { chunkDelayFor, parseScenario, type Scenario } from "./scenarios.ts";
import { splitIntoFragments, splitIntoWordPieces } from "./text-pieces.ts";

type Block = Record<string, unknown>;

/** A model id containing "cache-write" reports 2 prompt tokens written to the cache (besides "cached" reads). */
function cacheWriteTokensFor(model: string, usage: ConversationUsage): number {
  return model.includes("cache-write") ? Math.min(2, usage.promptTokens - usage.cachedPromptTokens) : 0;
}

function bedrockUsage(model: string, usage: ConversationUsage) {
  const written = cacheWriteTokensFor(model, usage);
  const inputTokens = usage.promptTokens - usage.cachedPromptTokens - written;
  const outputTokens = usage.answerTokens + usage.thinkingTokens;
  return {
    inputTokens,
    outputTokens,
    totalTokens: usage.promptTokens + outputTokens,
    ...(usage.cachedPromptTokens > 0 ? { cacheReadInputTokens: usage.cachedPromptTokens } : {}),
    ...(written > 0 ? { cacheWriteInputTokens: written } : {}),
  };
}

function contentOf(reply: ConversationReply, responseNumber: number): Block[] {
  const blocks: Block[] = reply.thinking === undefined ? [] : [{ reasoningContent: { reasoningText: { text: reply.thinking, signature: `mock-signature-${responseNumber}` } } }];
  if (reply.answer.kind === "text") return [...blocks, { text: reply.answer.text }];
  return [...blocks, ...reply.answer.calls.map((call, index) => ({ toolUse: { toolUseId: `tooluse_mock${responseNumber}x${index}`, name: call.name, input: call.input } }))];
}

export async function handleConverse(context: HandlerContext): Promise<Response> {
  const model = context.pathParameters["modelId"] ?? "";
  const streaming = context.pathParameters["operation"] === "converse-stream";
  const failure = bedrockModelFailure(model);
  if (failure) return failure;
  const request = parseBedrockRequest(context.body, model);
  if (request instanceof Response) return request;

  const scenario = parseScenario(model);
  const scenarioResponse = await respondToScenario(scenario, model, context, streaming, bedrockScenarioErrors);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const reply = deriveReply(request.conversation, scenario, context.headers);
  const usage = bedrockUsage(model, computeConversationUsage(request.conversation, reply));
  const responseNumber = context.nextResponseNumber();
  const content = contentOf(reply, responseNumber);
  const stopReason = reply.answer.kind === "text" ? "end_turn" : "tool_use";
  const headers = { "x-amzn-requestid": `bedrock-mock-${responseNumber}` };
  if (streaming) {
    return streamingResponse({
      headers: { ...headers, "content-type": "application/vnd.amazon.eventstream" },
      signal: context.signal,
      chunkDelayMilliseconds: chunkDelayFor(scenario),
      write: (writer) => writeConverseStream(writer, { content, reply, usage, stopReason, scenario }),
    });
  }
  return Response.json({ output: { message: { role: "assistant", content } }, stopReason, usage, metrics: { latencyMs: 42 } }, { headers });
}

type StreamInput = { content: Block[]; reply: ConversationReply; usage: ReturnType<typeof bedrockUsage>; stopReason: string; scenario: Scenario };

async function writeConverseStream(writer: StreamWriter, input: StreamInput): Promise<void> {
  const send = (eventType: string, payload: Record<string, unknown>) => writer.send(converseEvent(eventType, payload));
  await send("messageStart", { role: "assistant" });
  if (input.scenario.kind === "hang-after-headers") {
    await writer.waitUntilAborted();
    return;
  }
  if (input.scenario.kind === "mid-stream-error" || input.scenario.kind === "mid-stream-drop") {
    for (const piece of piecesBeforeFailure(input.reply.answer)) await send("contentBlockDelta", { contentBlockIndex: 0, delta: { text: piece } });
    if (input.scenario.kind === "mid-stream-drop") writer.drop();
    else await writer.send(converseException("modelStreamErrorException", "The model stream failed: upstream exploded"));
    return;
  }
  for (const [contentBlockIndex, block] of input.content.entries()) {
    const reasoning = (block.reasoningContent as { reasoningText: { text: string; signature: string } } | undefined)?.reasoningText;
    const toolUse = block.toolUse as { toolUseId: string; name: string; input: unknown } | undefined;
    if (reasoning) {
      for (const piece of splitIntoWordPieces(reasoning.text)) await send("contentBlockDelta", { contentBlockIndex, delta: { reasoningContent: { text: piece } } });
      await send("contentBlockDelta", { contentBlockIndex, delta: { reasoningContent: { signature: reasoning.signature } } });
    } else if (toolUse) {
      await send("contentBlockStart", { contentBlockIndex, start: { toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name } } });
      for (const fragment of splitIntoFragments(JSON.stringify(toolUse.input), 3)) await send("contentBlockDelta", { contentBlockIndex, delta: { toolUse: { input: fragment } } });
    } else {
      for (const piece of splitIntoWordPieces(block.text as string)) await send("contentBlockDelta", { contentBlockIndex, delta: { text: piece } });
    }
    await send("contentBlockStop", { contentBlockIndex });
  }
  await send("messageStop", { stopReason: input.stopReason });
  await send("metadata", { usage: input.usage, metrics: { latencyMs: 42 } });
}
