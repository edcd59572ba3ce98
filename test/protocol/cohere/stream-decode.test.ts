import { describe, expect, test } from "bun:test";
import { cohereCodec } from "../../../src/protocol/cohere/index.ts";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { createSseParser } from "../../../src/streaming/sse-parser.ts";

/** Runs Cohere's typed events (as `event:` + `data:` SSE) through the real parser and the decoder, split at odd places. */
function decode(events: Array<Record<string, unknown>>): IrStreamEvent[] {
  const parser = createSseParser();
  const decoder = cohereCodec.createStreamDecoder();
  expect(decoder.framer).toBeUndefined();
  const text = events.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`).join("");
  const out: IrStreamEvent[] = [];
  for (let offset = 0; offset < text.length; offset += 29) for (const event of parser.push(text.slice(offset, offset + 29))) out.push(...decoder.push(event));
  for (const event of parser.end()) out.push(...decoder.push(event));
  return [...out, ...decoder.end()];
}

const start = { type: "message-start", id: "29f14a5a-11de-4cae-9800-25e4747408ea", delta: { message: { role: "assistant", content: [], tool_plan: "", tool_calls: [], citations: [] } } };
const usage = { billed_units: { input_tokens: 3, output_tokens: 4 }, tokens: { input_tokens: 10, output_tokens: 4 } };

describe("cohere stream decoder", () => {
  test("thinking and text content deltas, then usage and finish from message-end", () => {
    const events = decode([
      start,
      { type: "content-start", index: 0, delta: { message: { content: { type: "thinking", thinking: "" } } } },
      { type: "content-delta", index: 0, delta: { message: { content: { thinking: "Let me " } } } },
      { type: "content-delta", index: 0, delta: { message: { content: { thinking: "think." } } } },
      { type: "content-end", index: 0 },
      { type: "content-start", index: 1, delta: { message: { content: { type: "text", text: "" } } } },
      { type: "content-delta", index: 1, delta: { message: { content: { text: "Hello" } } } },
      { type: "content-delta", index: 1, delta: { message: { content: { text: " world" } } } },
      { type: "content-end", index: 1 },
      { type: "message-end", delta: { finish_reason: "COMPLETE", usage } },
    ]);
    expect(events).toEqual([
      { type: "start", id: "29f14a5a-11de-4cae-9800-25e4747408ea", model: "" },
      { type: "reasoning-delta", text: "Let me " },
      { type: "reasoning-delta", text: "think." },
      { type: "text-delta", text: "Hello" },
      { type: "text-delta", text: " world" },
      { type: "usage", usage: { inputTokens: 3, outputTokens: 4 } },
      { type: "finish", reason: "stop" },
    ]);
  });

  test("tool plan as text, then tool calls: start with id and name, argument fragments, end; finish tool_calls", () => {
    const events = decode([
      start,
      { type: "tool-plan-delta", delta: { message: { tool_plan: "I will " } } },
      { type: "tool-plan-delta", delta: { message: { tool_plan: "search." } } },
      { type: "tool-call-start", index: 0, delta: { message: { tool_calls: { id: "search_abc", type: "function", function: { name: "search", arguments: "" } } } } },
      { type: "tool-call-delta", index: 0, delta: { message: { tool_calls: { function: { arguments: '{"q":' } } } } },
      { type: "tool-call-delta", index: 0, delta: { message: { tool_calls: { function: { arguments: '"x"}' } } } } },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, delta: { message: { tool_calls: { id: "now_def", type: "function", function: { name: "now", arguments: "{}" } } } } },
      { type: "tool-call-end", index: 1 },
      { type: "message-end", delta: { finish_reason: "TOOL_CALL", usage } },
    ]);
    expect(events.slice(1)).toEqual([
      { type: "text-delta", text: "I will " },
      { type: "text-delta", text: "search." },
      { type: "tool-call-start", index: 0, id: "search_abc", name: "search" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"q":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"x"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "now_def", name: "now" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage: { inputTokens: 3, outputTokens: 4 } },
      { type: "finish", reason: "tool_calls" },
    ]);
  });

  test("a message-end with finish_reason ERROR is the in-stream failure", () => {
    const events = decode([
      start,
      { type: "content-delta", index: 0, delta: { message: { content: { text: "Partial" } } } },
      { type: "message-end", delta: { finish_reason: "ERROR", error: "upstream exploded" } },
    ]);
    expect(events.slice(1)).toEqual([
      { type: "text-delta", text: "Partial" },
      { type: "error", error: { status: 502, message: "upstream exploded", type: "upstream_error", code: null } },
    ]);
  });

  test("events named only by their SSE event line, unknown events and a cut stream", () => {
    const decoder = cohereCodec.createStreamDecoder();
    const out = [
      ...decoder.push({ event: "message-start", data: JSON.stringify({ id: "m1" }) }),
      ...decoder.push({ event: "citation-start", data: JSON.stringify({ type: "citation-start", index: 0 }) }),
      ...decoder.push({ event: "content-delta", data: JSON.stringify({ delta: { message: { content: { text: "hi" } } } }) }),
      ...decoder.push({ data: "not json" }),
      ...decoder.end(),
    ];
    expect(out).toEqual([
      { type: "start", id: "m1", model: "" },
      { type: "text-delta", text: "hi" },
    ]);
  });
});
