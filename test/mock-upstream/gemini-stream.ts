// Gemini streaming as the API sends it: every chunk is a complete GenerateContentResponse holding only the new
// parts (thought words first, then answer words; function calls whole in one chunk), usageMetadata as running
// totals, finishReason STOP on the last chunk. Framed as SSE `data: <json>\r\n\r\n` (`?alt=sse`, no terminator)
// or as one JSON array written element by element. Also the stream-shaped failure scenarios.

import { piecesBeforeFailure, type ConversationReply, type ConversationUsage } from "./conversation.ts";
import { streamingResponse, type StreamWriter } from "./event-stream.ts";
import { upstreamExplodedChunk } from "./gemini-errors.ts";
import {
  geminiResponseBody,
  geminiUsageMetadata,
  type GeminiPart,
  type GeminiReplyParts,
  type GeminiResponseIdentity,
} from "./gemini-reply.ts";
import { chunkDelayFor, type Scenario } from "./scenarios.ts";
import { dataOnlyEvent } from "./sse-framing.ts";
import { countWords, splitIntoWordPieces } from "./text-pieces.ts";

export type GeminiStreamFraming = "sse" | "json-array";

export type GeminiStreamInput = {
  parts: GeminiReplyParts;
  reply: ConversationReply;
  usage: ConversationUsage;
  identity: GeminiResponseIdentity;
  framing: GeminiStreamFraming;
  scenario: Scenario;
  signal: AbortSignal;
};

/** One chunk's new parts and the running token totals after it. */
type PlannedChunk = { parts: GeminiPart[]; candidatesTokens: number; thoughtsTokens: number };

export function streamGeminiResponse(input: GeminiStreamInput): Response {
  const contentType = input.framing === "sse" ? "text/event-stream" : "application/json; charset=UTF-8";
  return streamingResponse({
    headers: { "content-type": contentType, "cache-control": "no-cache" },
    signal: input.signal,
    chunkDelayMilliseconds: chunkDelayFor(input.scenario),
    write: (writer) => writeGeminiStream(writer, input),
  });
}

/** Writes elements in the chosen framing; `finish` closes the JSON array (SSE has no terminator). */
function chunkSender(writer: StreamWriter, framing: GeminiStreamFraming) {
  let sentAny = false;
  return {
    send(payload: unknown): Promise<void> {
      if (framing === "sse") return writer.send(dataOnlyEvent(payload, "\r\n"));
      const separator = sentAny ? ",\r\n" : "[";
      sentAny = true;
      return writer.send(`${separator}${JSON.stringify(payload)}`);
    },
    finish(): Promise<void> {
      if (framing === "sse") return Promise.resolve();
      return writer.send(sentAny ? "]" : "[]");
    },
  };
}

async function writeGeminiStream(writer: StreamWriter, input: GeminiStreamInput): Promise<void> {
  const { usage, identity, scenario } = input;
  const sender = chunkSender(writer, input.framing);
  const sendChunk = (chunk: PlannedChunk, finished: boolean) =>
    sender.send(geminiResponseBody(chunk.parts, finished, geminiUsageMetadata(usage, chunk.candidatesTokens, chunk.thoughtsTokens), identity));

  if (scenario.kind === "mid-stream-error" || scenario.kind === "mid-stream-drop") {
    let text = "";
    for (const piece of piecesBeforeFailure(input.reply.answer)) {
      text += piece;
      await sendChunk({ parts: [{ text: piece }], candidatesTokens: countWords(text), thoughtsTokens: 0 }, false);
    }
    if (scenario.kind === "mid-stream-drop") {
      writer.drop();
      return;
    }
    await sender.send(upstreamExplodedChunk);
    await sender.finish();
    return;
  }

  const chunks = planChunks(input.parts);
  if (scenario.kind === "hang-after-headers") {
    const first = chunks[0];
    if (first !== undefined) await sendChunk(first, false);
    await writer.waitUntilAborted();
    return;
  }
  for (const [index, chunk] of chunks.entries()) await sendChunk(chunk, index === chunks.length - 1);
  await sender.finish();
}

/** Thought text and answer text go one word per chunk; function calls go together in one chunk. */
function planChunks(parts: GeminiReplyParts): PlannedChunk[] {
  const chunks: PlannedChunk[] = [];
  let thoughtText = "";
  for (const part of parts.thoughtParts) {
    if (!("text" in part)) continue;
    for (const piece of splitIntoWordPieces(part.text)) {
      thoughtText += piece;
      chunks.push({ parts: [{ text: piece, thought: true }], candidatesTokens: 0, thoughtsTokens: countWords(thoughtText) });
    }
  }
  const thoughtsTokens = countWords(thoughtText);
  const functionCallParts = parts.answerParts.filter((part) => "functionCall" in part);
  if (functionCallParts.length > 0) {
    const argumentsWords = functionCallParts.reduce(
      (sum, part) => sum + ("functionCall" in part ? countWords(JSON.stringify(part.functionCall.args)) : 0),
      0,
    );
    chunks.push({ parts: functionCallParts, candidatesTokens: argumentsWords, thoughtsTokens });
    return chunks;
  }
  let answerText = "";
  for (const part of parts.answerParts) {
    if (!("text" in part)) continue;
    for (const [index, piece] of splitIntoWordPieces(part.text).entries()) {
      answerText += piece;
      // The signature stays on the first answer part, as the API sends it.
      const streamedPart: GeminiPart = index === 0 && part.thoughtSignature !== undefined ? { text: piece, thoughtSignature: part.thoughtSignature } : { text: piece };
      chunks.push({ parts: [streamedPart], candidatesTokens: countWords(answerText), thoughtsTokens });
    }
  }
  return chunks;
}
