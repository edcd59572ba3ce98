import { describe, expect, test } from "bun:test";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { ollamaCodec } from "../../../src/protocol/ollama/index.ts";

const at = "2025-01-01T00:00:00Z";

/** Runs NDJSON lines through the decoder's own framer, split at odd places as the network does. */
function decode(lines: unknown[], { step = 23, raw = "" }: { step?: number; raw?: string } = {}): IrStreamEvent[] {
  const decoder = ollamaCodec.createStreamDecoder();
  const framer = decoder.framer!;
  const text = lines.map((line) => `${JSON.stringify(line)}\n`).join("") + raw;
  const bytes = new TextEncoder().encode(text);
  const events: IrStreamEvent[] = [];
  for (let offset = 0; offset < bytes.length; offset += step) for (const event of framer.push(bytes.slice(offset, offset + step))) events.push(...decoder.push(event));
  for (const event of framer.end()) events.push(...decoder.push(event));
  return [...events, ...decoder.end()];
}

const line = (message: Record<string, unknown>, extra: Record<string, unknown> = { done: false }) => ({ model: "qwen3", created_at: at, message: { role: "assistant", content: "", ...message }, ...extra });
const done = { done: true, done_reason: "stop", total_duration: 1, prompt_eval_count: 26, eval_count: 9 };

describe("ollama stream decoder", () => {
  test("brings its own NDJSON framer: the SSE parser would drop every line", () => {
    expect(ollamaCodec.createStreamDecoder().framer).toBeDefined();
  });

  test("thinking then content deltas, usage then finish from the done line (lines split across chunks, multi-byte text)", () => {
    const events = decode([line({ thinking: "Hmm, " }), line({ thinking: "okay." }), line({ content: "Grüße " }), line({ content: "🌍!" }), line({}, done)], { step: 5 });
    expect(events).toEqual([
      { type: "start", id: expect.stringMatching(/^ollama-/), model: "qwen3", created: 1735689600 },
      { type: "reasoning-delta", text: "Hmm, " },
      { type: "reasoning-delta", text: "okay." },
      { type: "text-delta", text: "Grüße " },
      { type: "text-delta", text: "🌍!" },
      { type: "usage", usage: { inputTokens: 26, outputTokens: 9 } },
      { type: "finish", reason: "stop" },
    ]);
  });

  test("a last line without a trailing newline, CRLF line ends and blank lines are all read", () => {
    const text = `${JSON.stringify(line({ content: "a" }))}\r\n\r\n${JSON.stringify(line({ content: "b" }, done))}`;
    const events = decode([], { raw: text });
    expect(events.map((event) => event.type)).toEqual(["start", "text-delta", "text-delta", "usage", "finish"]);
  });

  test("each tool call arrives whole: start + one delta + end, ids invented, finish tool_calls", () => {
    const events = decode([
      line({ tool_calls: [{ function: { name: "get_weather", arguments: { city: "Toronto" } } }] }),
      line({ tool_calls: [{ function: { name: "get_weather", arguments: { city: "Paris" } } }, { id: "call_x", function: { name: "now", arguments: {} } }] }),
      line({}, done),
    ]);
    const starts = events.filter((event): event is Extract<IrStreamEvent, { type: "tool-call-start" }> => event.type === "tool-call-start");
    expect(starts.map((start) => [start.index, start.name])).toEqual([
      [0, "get_weather"],
      [1, "get_weather"],
      [2, "now"],
    ]);
    expect(new Set(starts.map((start) => start.id)).size).toBe(3);
    expect(starts[2]!.id).toBe("call_x");
    expect(events.slice(1, 4)).toEqual([starts[0]!, { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Toronto"}' }, { type: "tool-call-end", index: 0 }]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls" });
  });

  test("an `{error}` line mid-stream becomes one error event and nothing after it", () => {
    const events = decode([line({ content: "Partial" }), { error: "an error was encountered while running the model" }, line({ content: "ignored" })]);
    expect(events).toEqual([
      { type: "start", id: expect.any(String), model: "qwen3", created: 1735689600 },
      { type: "text-delta", text: "Partial" },
      { type: "error", error: { status: 502, message: "an error was encountered while running the model", type: "upstream_error", code: null } },
    ]);
  });

  test("a stream cut before the done line ends without a finish (the pipeline reports it)", () => {
    const events = decode([line({ content: "half" })], { raw: '{"model":"qwen3","mess' });
    expect(events.map((event) => event.type)).toEqual(["start", "text-delta"]);
  });
});
