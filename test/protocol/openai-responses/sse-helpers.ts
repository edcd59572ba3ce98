// Test helpers: run IR events through the Responses stream encoder and read the SSE text back as events.
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { openAIResponsesCodec } from "../../../src/protocol/openai-responses/index.ts";
import { createSseParser, type SseEvent } from "../../../src/streaming/sse-parser.ts";

export type ParsedEvent = { event: string | undefined; data: Record<string, any> };

export function encodeStream(events: IrStreamEvent[], requestedModel = "client-model"): string {
  const encoder = openAIResponsesCodec.createStreamEncoder({ requestedModel, includeUsage: false });
  return events.map((event) => encoder.encode(event)).join("") + encoder.end();
}

export function parseSse(text: string): ParsedEvent[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()].map((event) => ({ event: event.event, data: JSON.parse(event.data) }));
}

export function sseEvents(text: string): SseEvent[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()];
}

export const textEvents: IrStreamEvent[] = [
  { type: "start", id: "chatcmpl-1", model: "upstream", created: 1700000000 },
  { type: "text-delta", text: "Hello" },
  { type: "text-delta", text: ", world" },
  { type: "usage", usage: { inputTokens: 7, outputTokens: 3 } },
  { type: "finish", reason: "stop" },
];

export const reasoningAndTextEvents: IrStreamEvent[] = [
  { type: "start", id: "resp_up", model: "upstream" },
  { type: "reasoning-delta", text: "Think" },
  { type: "reasoning-delta", text: "ing" },
  { type: "reasoning-signature", signature: { family: "openai-responses", value: "ENC" } },
  { type: "text-delta", text: "Answer" },
  { type: "usage", usage: { inputTokens: 5, outputTokens: 9, reasoningTokens: 4 } },
  { type: "finish", reason: "stop" },
];

export const functionCallEvents: IrStreamEvent[] = [
  { type: "start", id: "x", model: "upstream" },
  { type: "text-delta", text: "Checking." },
  { type: "tool-call-start", index: 0, id: "call_1", name: "get_weather" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
  { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
  { type: "tool-call-end", index: 0 },
  { type: "usage", usage: { inputTokens: 20, outputTokens: 10 } },
  { type: "finish", reason: "tool_calls" },
];
