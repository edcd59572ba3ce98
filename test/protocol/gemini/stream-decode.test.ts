import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../src/protocol/gemini/index.ts";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { createSseParser } from "../../../src/streaming/sse-parser.ts";

/** Runs raw upstream SSE text (as Gemini frames it) through the real parser and the decoder. */
function decode(chunks: unknown[]): IrStreamEvent[] {
  const parser = createSseParser();
  const decoder = geminiCodec.createStreamDecoder();
  const text = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join("");
  const events: IrStreamEvent[] = [];
  // Split at odd places, as the network does.
  for (let offset = 0; offset < text.length; offset += 37) for (const event of parser.push(text.slice(offset, offset + 37))) events.push(...decoder.push(event));
  for (const event of parser.end()) events.push(...decoder.push(event));
  return [...events, ...decoder.end()];
}

const meta = { modelVersion: "gemini-2.5-pro", responseId: "abc123" };

describe("gemini stream decoder", () => {
  test("thoughts then text, running usage kept once, finish last", () => {
    const events = decode([
      { candidates: [{ content: { role: "model", parts: [{ text: "**Planning** the answer", thought: true }] }, index: 0 }], usageMetadata: { promptTokenCount: 12, totalTokenCount: 40, thoughtsTokenCount: 28 }, ...meta },
      { candidates: [{ content: { role: "model", parts: [{ text: "The answer", thoughtSignature: "c2lnLXQ=" }] }, index: 0 }], usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 2, totalTokenCount: 42, thoughtsTokenCount: 28 }, ...meta },
      { candidates: [{ content: { role: "model", parts: [{ text: " is 42." }] }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 6, totalTokenCount: 46, thoughtsTokenCount: 28 }, ...meta },
    ]);
    expect(events).toEqual([
      { type: "start", id: "abc123", model: "gemini-2.5-pro" },
      { type: "reasoning-delta", text: "**Planning** the answer" },
      { type: "text-delta", text: "The answer" },
      { type: "text-signature", signature: { family: "gemini", value: "c2lnLXQ=" } },
      { type: "text-delta", text: " is 42." },
      { type: "usage", usage: { inputTokens: 12, outputTokens: 34, reasoningTokens: 28 } },
      { type: "finish", reason: "stop" },
    ]);
  });

  test("function calls arrive whole: start (with signature) + one delta + end, finish tool_calls", () => {
    const events = decode([
      { candidates: [{ content: { role: "model", parts: [{ text: "", thought: true, thoughtSignature: "cg==" }] }, index: 0 }], ...meta },
      {
        candidates: [
          {
            content: {
              role: "model",
              parts: [
                { functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "Y2FsbA==" },
                { functionCall: { id: "fc-2", name: "get_weather", args: { city: "Rome" } } },
              ],
            },
            finishReason: "STOP",
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 30, candidatesTokenCount: 16, totalTokenCount: 46 },
        ...meta,
      },
    ]);
    expect(events[1]).toEqual({ type: "reasoning-signature", signature: { family: "gemini", value: "cg==" } });
    const start = events[2] as Extract<IrStreamEvent, { type: "tool-call-start" }>;
    expect(start).toMatchObject({ type: "tool-call-start", index: 0, name: "get_weather", signature: { family: "gemini", value: "Y2FsbA==" } });
    expect(start.id).toStartWith("call_");
    expect(events.slice(3)).toEqual([
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "fc-2", name: "get_weather" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage: { inputTokens: 30, outputTokens: 16 } },
      { type: "finish", reason: "tool_calls" },
    ]);
  });

  test("an in-stream error chunk ends the stream with an error event", () => {
    const events = decode([
      { candidates: [{ content: { role: "model", parts: [{ text: "Hel" }] }, index: 0 }], ...meta },
      { error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } },
    ]);
    expect(events.slice(1)).toEqual([
      { type: "text-delta", text: "Hel" },
      { type: "error", error: { status: 503, message: "The model is overloaded. Please try again later.", type: "UNAVAILABLE", code: null } },
    ]);
  });

  test("a blocked prompt finishes with content_filter; a cut stream never invents a finish", () => {
    expect(decode([{ promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 }, ...meta }]).slice(1)).toEqual([
      { type: "usage", usage: { inputTokens: 7, outputTokens: 0 } },
      { type: "finish", reason: "content_filter" },
    ]);
    const cut = decode([{ candidates: [{ content: { role: "model", parts: [{ text: "partial" }] }, index: 0 }], ...meta }]);
    expect(cut.map((event) => event.type)).toEqual(["start", "text-delta"]);
    expect(decode([{ candidates: [{ content: { parts: [{ text: "x" }] }, finishReason: "MAX_TOKENS" }] }]).at(-1)).toEqual({ type: "finish", reason: "length" });
  });
});
