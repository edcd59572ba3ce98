import { describe, expect, test } from "bun:test";
import { anthropicMessagesCodec } from "../../src/protocol/anthropic-messages/index.ts";
import { codecs } from "../../src/protocol/codecs.ts";
import type { IrResponse, IrStreamEvent } from "../../src/protocol/ir.ts";
import { openAIChatCodec } from "../../src/protocol/openai-chat/index.ts";
import { responseToEvents } from "../../src/protocol/response-to-events.ts";
import { createStreamAccumulator } from "../../src/protocol/stream-accumulator.ts";
import { createSseParser } from "../../src/streaming/sse-parser.ts";

function accumulate(events: IrStreamEvent[]): IrResponse {
  const accumulator = createStreamAccumulator();
  for (const event of events) accumulator.add(event);
  expect(accumulator.ended).toBe(true);
  return accumulator.result();
}

function encode(codec: { createStreamEncoder: typeof openAIChatCodec.createStreamEncoder }, response: IrResponse, includeUsage = true): string {
  const encoder = codec.createStreamEncoder({ requestedModel: "client-model", includeUsage });
  let text = "";
  for (const event of responseToEvents(response)) text += encoder.encode(event);
  return text + encoder.end();
}

/** The JSON payload of every `data:` line except [DONE]. */
function dataPayloads(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)) as unknown);
}

const base = { id: "resp-1", model: "gpt-test", created: 1_700_000_000 };

const textResponse: IrResponse = {
  ...base,
  parts: [{ type: "text", text: "Hello there." }],
  finishReason: "stop",
  stopSequence: "END",
  usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4 },
};

const reasoningResponse: IrResponse = {
  ...base,
  parts: [
    { type: "reasoning", text: "Think first.", signature: { family: "anthropic", value: "sig-abc" } },
    { type: "reasoning", text: "", redacted: "opaque-data" },
    { type: "reasoning", text: "Think again.", signature: { family: "anthropic", value: "sig-def" } },
    { type: "text", text: "The answer is 4.", signature: { family: "gemini", value: "text-sig" } },
  ],
  finishReason: "stop",
  usage: { inputTokens: 20, outputTokens: 30, reasoningTokens: 25 },
};

const toolResponse: IrResponse = {
  ...base,
  parts: [
    { type: "text", text: "Checking both." },
    { type: "tool-call", id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
    { type: "tool-call", id: "call_2", name: "weather", arguments: '{"city":"Rome"}', signature: { family: "gemini", value: "call-sig" } },
    { type: "tool-call", id: "call_3", name: "clock", arguments: "" },
  ],
  finishReason: "tool_calls",
  usage: { inputTokens: 40, outputTokens: 20 },
};

describe("responseToEvents", () => {
  test("event order for text: start, delta, usage, finish", () => {
    expect(responseToEvents(textResponse)).toEqual([
      { type: "start", id: "resp-1", model: "gpt-test", created: 1_700_000_000 },
      { type: "text-delta", text: "Hello there." },
      { type: "usage", usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4 } },
      { type: "finish", reason: "stop", stopSequence: "END" },
    ]);
  });

  test("tool calls get indexes 0..n, each start, one full delta, end", () => {
    const events = responseToEvents(toolResponse).filter((event) => event.type.startsWith("tool-call"));
    expect(events).toEqual([
      { type: "tool-call-start", index: 0, id: "call_1", name: "weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_2", name: "weather", signature: { family: "gemini", value: "call-sig" } },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: "tool-call-end", index: 1 },
      { type: "tool-call-start", index: 2, id: "call_3", name: "clock" },
      { type: "tool-call-delta", index: 2, argumentsDelta: "" },
      { type: "tool-call-end", index: 2 },
    ]);
  });

  test("no usage event without usage; finish without stop sequence", () => {
    const events = responseToEvents({ ...base, parts: [{ type: "text", text: "x" }], finishReason: "length" });
    expect(events.map((event) => event.type)).toEqual(["start", "text-delta", "finish"]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "length" });
  });

  test("signed reasoning: delta then signature; redacted: one redacted event", () => {
    expect(responseToEvents(reasoningResponse).slice(1, 7)).toEqual([
      { type: "reasoning-delta", text: "Think first." },
      { type: "reasoning-signature", signature: { family: "anthropic", value: "sig-abc" } },
      { type: "reasoning-redacted", data: "opaque-data" },
      { type: "reasoning-delta", text: "Think again." },
      { type: "reasoning-signature", signature: { family: "anthropic", value: "sig-def" } },
      { type: "text-delta", text: "The answer is 4." },
    ]);
  });

  describe("round trip through the stream accumulator", () => {
    const cases: Array<[string, IrResponse]> = [
      ["text with usage and stop sequence", textResponse],
      ["reasoning with signatures, redacted reasoning, signed text", reasoningResponse],
      ["parallel tool calls", toolResponse],
      ["empty text", { ...base, parts: [{ type: "text", text: "" }], finishReason: "stop" }],
      ["signature-only reasoning", { ...base, parts: [{ type: "reasoning", text: "", signature: { family: "gemini", value: "s" } }, { type: "text", text: "ok" }], finishReason: "stop" }],
      ["no parts", { ...base, parts: [], finishReason: "content_filter" }],
    ];
    for (const [name, response] of cases) {
      test(name, () => {
        expect(accumulate(responseToEvents(response))).toEqual(response);
      });
    }
  });

  describe("through real client encoders", () => {
    test("OpenAI Chat: chunks parse, content and tool calls rebuild, usage chunk and [DONE]", () => {
      const text = encode(openAIChatCodec, toolResponse);
      expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
      const chunks = dataPayloads(text) as Array<{ choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>; usage?: { prompt_tokens: number } | null }>;
      let content = "";
      const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
      for (const chunk of chunks) {
        const delta = chunk.choices[0]?.delta ?? {};
        if (typeof delta.content === "string") content += delta.content;
        for (const call of (delta.tool_calls as Array<{ index: number; id?: string; function: { name?: string; arguments?: string } }>) ?? []) {
          calls[call.index] ??= { arguments: "" };
          const slot = calls[call.index]!;
          if (call.id) slot.id = call.id;
          if (call.function.name) slot.name = call.function.name;
          slot.arguments += call.function.arguments ?? "";
        }
      }
      expect(content).toBe("Checking both.");
      expect(calls).toEqual([
        { id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
        { id: "call_2", name: "weather", arguments: '{"city":"Rome"}' },
        { id: "call_3", name: "clock", arguments: "" },
      ]);
      expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === "tool_calls")).toBe(true);
      expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(40);
    });

    test("Anthropic: every event parses, blocks open and close, ends with message_stop", () => {
      const text = encode(anthropicMessagesCodec, { ...reasoningResponse, parts: [...reasoningResponse.parts, ...toolResponse.parts.slice(1)], finishReason: "tool_calls" });
      const payloads = dataPayloads(text) as Array<{ type: string; index?: number; content_block?: { type: string }; delta?: Record<string, unknown> }>;
      expect(payloads[0]?.type).toBe("message_start");
      expect(payloads.at(-1)?.type).toBe("message_stop");
      expect(text).toContain("event: message_stop");
      const starts = payloads.filter((payload) => payload.type === "content_block_start");
      const stops = payloads.filter((payload) => payload.type === "content_block_stop");
      expect(starts.map((payload) => payload.content_block?.type)).toEqual(["thinking", "redacted_thinking", "thinking", "text", "tool_use", "tool_use", "tool_use"]);
      expect(stops.length).toBe(starts.length);
      const signatures = payloads.filter((payload) => payload.delta?.type === "signature_delta").map((payload) => payload.delta?.signature);
      expect(signatures).toEqual(["sig-abc", "sig-def"]);
      const messageDelta = payloads.find((payload) => payload.type === "message_delta") as { delta: { stop_reason: string } } | undefined;
      expect(messageDelta?.delta.stop_reason).toBe("tool_use");
    });

    test("every codec: encoded replay decodes with the same codec back to the same content", () => {
      for (const codec of Object.values(codecs)) {
        for (const response of [textResponse, toolResponse]) {
          const decoder = codec!.createStreamDecoder();
          const parser = createSseParser();
          const events: IrStreamEvent[] = [];
          for (const sse of [...parser.push(new TextEncoder().encode(encode(codec!, response))), ...parser.end()]) events.push(...decoder.push(sse));
          events.push(...decoder.end());
          const decoded = accumulate(events);
          const summary = (parts: IrResponse["parts"]) =>
            parts.map((part) => (part.type === "text" ? part.text : part.type === "tool-call" ? `${part.name}(${part.arguments || "{}"})` : part.type));
          expect({ codec: codec!.id, parts: summary(decoded.parts), finish: decoded.finishReason }).toEqual({
            codec: codec!.id,
            parts: summary(response.parts),
            finish: response.finishReason,
          });
        }
      }
    });
  });
});
