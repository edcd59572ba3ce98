// Chat Completions streaming exactly as OpenAI sends it: `data: <chunk>` lines (no `event:`), a role chunk, one
// content chunk per word (or tool-call header + argument fragments), a finish chunk with `delta:{}`, the optional
// usage chunk with `choices:[]`, then `data: [DONE]`. Also the stream-shaped failure scenarios.

import { streamingResponse, type StreamWriter } from "./event-stream.ts";
import type { HandlerContext } from "./handler-context.ts";
import {
  finishReasonOf,
  fixedCreatedTimestamp,
  mockSystemFingerprint,
  type ChatReply,
  type ChatRequest,
  type ChatUsage,
  type ToolCall,
} from "./openai-chat-reply.ts";
import { upstreamExplodedDetails } from "./openai-errors.ts";
import { chunkDelayFor, type Scenario } from "./scenarios.ts";
import { splitIntoFragments, splitIntoWordPieces } from "./text-pieces.ts";

const argumentFragmentCount = 3;

export type ChatStreamInput = {
  request: ChatRequest;
  reply: ChatReply;
  usage: ChatUsage;
  responseId: string;
  scenario: Scenario;
  context: HandlerContext;
};

export function streamChatCompletion(input: ChatStreamInput): Response {
  return streamingResponse({
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    signal: input.context.signal,
    chunkDelayMilliseconds: chunkDelayFor(input.scenario),
    write: (writer) => writeChatStream(writer, input),
  });
}

function dataLine(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

async function writeChatStream(writer: StreamWriter, input: ChatStreamInput): Promise<void> {
  const { request, reply, usage, responseId, scenario } = input;

  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: responseId,
    object: "chat.completion.chunk",
    created: fixedCreatedTimestamp,
    model: request.model,
    system_fingerprint: mockSystemFingerprint,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(request.includeUsage ? { usage: null } : {}),
  });
  const sendDelta = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    writer.send(dataLine(chunk(delta, finishReason)));

  if (scenario.kind === "hang-after-headers") {
    await sendDelta({ role: "assistant", content: "" });
    await writer.waitUntilAborted();
    return;
  }

  if (scenario.kind === "mid-stream-error" || scenario.kind === "mid-stream-drop") {
    const text = reply.kind === "text" ? reply.text : "Echo: partial reply";
    const pieces = splitIntoWordPieces(text);
    const firstTwoPieces = pieces.length >= 2 ? pieces.slice(0, 2) : splitIntoFragments(text, 2);
    await sendDelta({ role: "assistant", content: "" });
    for (const piece of firstTwoPieces) await sendDelta({ content: piece });
    if (scenario.kind === "mid-stream-error") {
      await writer.send(dataLine({ error: upstreamExplodedDetails() }));
    } else {
      writer.drop();
    }
    return;
  }

  if (reply.kind === "text") {
    await sendDelta({ role: "assistant", content: "" });
    for (const piece of splitIntoWordPieces(reply.text)) await sendDelta({ content: piece });
  } else {
    for (const [index, call] of reply.calls.entries()) await sendToolCall(sendDelta, index, call);
  }
  await sendDelta({}, finishReasonOf(reply));

  if (request.includeUsage) {
    await writer.send(
      dataLine({
        id: responseId,
        object: "chat.completion.chunk",
        created: fixedCreatedTimestamp,
        model: request.model,
        system_fingerprint: mockSystemFingerprint,
        choices: [],
        usage,
      }),
    );
  }
  await writer.send("data: [DONE]\n\n");
}

/** First delta names the call (index, id, type, name, empty arguments); later deltas carry only index + fragment. */
async function sendToolCall(
  sendDelta: (delta: Record<string, unknown>) => Promise<void>,
  index: number,
  call: ToolCall,
): Promise<void> {
  const header = { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
  // OpenAI puts the role on the first tool-call delta itself (content null) rather than in a separate chunk.
  await sendDelta(index === 0 ? { role: "assistant", content: null, tool_calls: [header] } : { tool_calls: [header] });
  for (const fragment of splitIntoFragments(call.arguments, argumentFragmentCount)) {
    await sendDelta({ tool_calls: [{ index, function: { arguments: fragment } }] });
  }
}
