// Anthropic Messages streaming exactly as the API sends it: named SSE events message_start → per block
// content_block_start / deltas / content_block_stop (thinking: thinking_delta per word then one signature_delta;
// text: text_delta per word; tool_use: input_json_delta fragments, the first "") → message_delta (stop reason,
// cumulative output_tokens) → message_stop, with a ping after the text block starts. Also the stream-shaped
// failure scenarios (hang-after-headers, mid-stream-error as `event: error`, mid-stream-drop).

import { anthropicOverloadedStreamError } from "./anthropic-errors.ts";
import type { AnthropicContentBlock, AnthropicMessage } from "./anthropic-reply.ts";
import { piecesBeforeFailure, type ConversationReply } from "./conversation.ts";
import { streamingResponse, type StreamWriter } from "./event-stream.ts";
import { chunkDelayFor, type Scenario } from "./scenarios.ts";
import { namedEvent } from "./sse-framing.ts";
import { splitIntoFragments, splitIntoWordPieces } from "./text-pieces.ts";

const inputJsonFragmentCount = 3;

export type AnthropicStreamInput = {
  /** The complete message, as the JSON reply would be; the stream reveals it block by block. */
  message: AnthropicMessage;
  reply: ConversationReply;
  scenario: Scenario;
  signal: AbortSignal;
};

export function streamAnthropicMessage(input: AnthropicStreamInput): Response {
  return streamingResponse({
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    signal: input.signal,
    chunkDelayMilliseconds: chunkDelayFor(input.scenario),
    write: (writer) => writeMessageStream(writer, input),
  });
}

/** Sends `{type:<name>, ...fields}` as an event named <name>. */
function eventSender(writer: StreamWriter) {
  return (name: string, fields: Record<string, unknown> = {}) => writer.send(namedEvent(name, { type: name, ...fields }));
}

async function writeMessageStream(writer: StreamWriter, input: AnthropicStreamInput): Promise<void> {
  const { message, reply, scenario } = input;
  const send = eventSender(writer);
  const startedMessage = { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } };
  await send("message_start", { message: startedMessage });

  if (scenario.kind === "hang-after-headers") {
    await writer.waitUntilAborted();
    return;
  }
  if (scenario.kind === "mid-stream-error" || scenario.kind === "mid-stream-drop") {
    await send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    await send("ping");
    for (const piece of piecesBeforeFailure(reply.answer)) {
      await send("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } });
    }
    if (scenario.kind === "mid-stream-error") await writer.send(namedEvent("error", anthropicOverloadedStreamError));
    else writer.drop();
    return;
  }

  const firstTextIndex = message.content.findIndex((block) => block.type === "text");
  const pingAfterIndex = firstTextIndex === -1 ? 0 : firstTextIndex;
  for (const [index, block] of message.content.entries()) {
    await send("content_block_start", { index, content_block: emptyVersionOf(block) });
    if (index === pingAfterIndex) await send("ping");
    for (const delta of deltasOf(block)) await send("content_block_delta", { index, delta });
    await send("content_block_stop", { index });
  }
  await send("message_delta", {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  await send("message_stop");
}

function emptyVersionOf(block: AnthropicContentBlock): AnthropicContentBlock {
  switch (block.type) {
    case "thinking":
      return { type: "thinking", thinking: "", signature: "" };
    case "text":
      return { type: "text", text: "" };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: {} };
  }
}

function deltasOf(block: AnthropicContentBlock): Record<string, unknown>[] {
  switch (block.type) {
    case "thinking":
      return [
        ...splitIntoWordPieces(block.thinking).map((piece) => ({ type: "thinking_delta", thinking: piece })),
        { type: "signature_delta", signature: block.signature },
      ];
    case "text":
      return splitIntoWordPieces(block.text).map((piece) => ({ type: "text_delta", text: piece }));
    case "tool_use": {
      const fragments = ["", ...splitIntoFragments(JSON.stringify(block.input), inputJsonFragmentCount)];
      return fragments.map((fragment) => ({ type: "input_json_delta", partial_json: fragment }));
    }
  }
}
