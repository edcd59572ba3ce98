// Responses API streaming exactly as OpenAI sends it: named SSE events, each payload with its `type` and an
// increasing `sequence_number`; response.created → response.in_progress → per output item (reasoning summary
// parts, message text parts, or function-call argument deltas) added / deltas / done events → response.completed
// carrying the full response. Failures: response.failed (mid-stream-error), a cut connection (mid-stream-drop),
// and silence after response.created (hang-after-headers).

import { piecesBeforeFailure, type ConversationReply } from "./conversation.ts";
import { streamingResponse, type StreamWriter } from "./event-stream.ts";
import {
  responseObject,
  type FunctionCallItem,
  type MessageItem,
  type OutputItem,
  type OutputTextPart,
  type ReasoningItem,
  type ResponsesUsage,
} from "./openai-responses-reply.ts";
import type { ResponsesRequest } from "./openai-responses-request.ts";
import { chunkDelayFor, type Scenario } from "./scenarios.ts";
import { namedEvent } from "./sse-framing.ts";
import { splitIntoFragments, splitIntoWordPieces } from "./text-pieces.ts";

const argumentFragmentCount = 3;

export type ResponsesStreamInput = {
  request: ResponsesRequest;
  responseId: string;
  responseNumber: number;
  /** The complete output, as the JSON reply would have it; the stream reveals it item by item. */
  output: OutputItem[];
  usage: ResponsesUsage;
  reply: ConversationReply;
  scenario: Scenario;
  signal: AbortSignal;
};

export function streamResponse(input: ResponsesStreamInput): Response {
  return streamingResponse({
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    signal: input.signal,
    chunkDelayMilliseconds: chunkDelayFor(input.scenario),
    write: (writer) => writeResponseStream(writer, input),
  });
}

type SendEvent = (type: string, fields: Record<string, unknown>) => Promise<void>;

/** Sends `{type, ...fields, sequence_number}` as an event named after its type, numbering from 0. */
function eventSender(writer: StreamWriter): SendEvent {
  let sequenceNumber = 0;
  return (type, fields) => writer.send(namedEvent(type, { type, ...fields, sequence_number: sequenceNumber++ }));
}

async function writeResponseStream(writer: StreamWriter, input: ResponsesStreamInput): Promise<void> {
  const { request, responseId, scenario } = input;
  const send = eventSender(writer);
  const inProgress = responseObject(request, responseId, { status: "in_progress", output: [], usage: null, error: null });
  await send("response.created", { response: inProgress });
  if (scenario.kind === "hang-after-headers") {
    await writer.waitUntilAborted();
    return;
  }
  await send("response.in_progress", { response: inProgress });

  if (scenario.kind === "mid-stream-error" || scenario.kind === "mid-stream-drop") {
    const itemId = `msg_mock_${input.responseNumber}`;
    await send("response.output_item.added", { output_index: 0, item: { id: itemId, type: "message", status: "in_progress", content: [], role: "assistant" } });
    await send("response.content_part.added", { item_id: itemId, output_index: 0, content_index: 0, part: outputTextPart("") });
    for (const piece of piecesBeforeFailure(input.reply.answer)) {
      await send("response.output_text.delta", { item_id: itemId, output_index: 0, content_index: 0, delta: piece, logprobs: [] });
    }
    if (scenario.kind === "mid-stream-drop") {
      writer.drop();
      return;
    }
    const error = { code: "server_error", message: "upstream exploded" };
    await send("response.failed", { response: responseObject(request, responseId, { status: "failed", output: [], usage: null, error }) });
    return;
  }

  for (const [outputIndex, item] of input.output.entries()) await sendItem(send, item, outputIndex);
  const completed = responseObject(request, responseId, { status: "completed", output: input.output, usage: input.usage, error: null });
  await send("response.completed", { response: completed });
}

function outputTextPart(text: string): OutputTextPart {
  return { type: "output_text", annotations: [], logprobs: [], text };
}

async function sendItem(send: SendEvent, item: OutputItem, outputIndex: number): Promise<void> {
  switch (item.type) {
    case "reasoning":
      return sendReasoningItem(send, item, outputIndex);
    case "message":
      return sendMessageItem(send, item, outputIndex);
    case "function_call":
      return sendFunctionCallItem(send, item, outputIndex);
  }
}

async function sendReasoningItem(send: SendEvent, item: ReasoningItem, outputIndex: number): Promise<void> {
  const at = { item_id: item.id, output_index: outputIndex };
  await send("response.output_item.added", { output_index: outputIndex, item: { id: item.id, type: "reasoning", summary: [] } });
  for (const [summaryIndex, summary] of item.summary.entries()) {
    const position = { ...at, summary_index: summaryIndex };
    await send("response.reasoning_summary_part.added", { ...position, part: { type: "summary_text", text: "" } });
    for (const piece of splitIntoWordPieces(summary.text)) {
      await send("response.reasoning_summary_text.delta", { ...position, delta: piece });
    }
    await send("response.reasoning_summary_text.done", { ...position, text: summary.text });
    await send("response.reasoning_summary_part.done", { ...position, part: summary });
  }
  await send("response.output_item.done", { output_index: outputIndex, item });
}

async function sendMessageItem(send: SendEvent, item: MessageItem, outputIndex: number): Promise<void> {
  await send("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", content: [] } });
  for (const [contentIndex, part] of item.content.entries()) {
    const position = { item_id: item.id, output_index: outputIndex, content_index: contentIndex };
    await send("response.content_part.added", { ...position, part: outputTextPart("") });
    for (const piece of splitIntoWordPieces(part.text)) {
      await send("response.output_text.delta", { ...position, delta: piece, logprobs: [] });
    }
    await send("response.output_text.done", { ...position, text: part.text, logprobs: [] });
    await send("response.content_part.done", { ...position, part });
  }
  await send("response.output_item.done", { output_index: outputIndex, item });
}

async function sendFunctionCallItem(send: SendEvent, item: FunctionCallItem, outputIndex: number): Promise<void> {
  const at = { item_id: item.id, output_index: outputIndex };
  await send("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", arguments: "" } });
  for (const fragment of splitIntoFragments(item.arguments, argumentFragmentCount)) {
    await send("response.function_call_arguments.delta", { ...at, delta: fragment });
  }
  await send("response.function_call_arguments.done", { ...at, name: item.name, arguments: item.arguments });
  await send("response.output_item.done", { output_index: outputIndex, item });
}
