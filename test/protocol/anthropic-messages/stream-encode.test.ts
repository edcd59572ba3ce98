import { describe, expect, test } from "bun:test";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";
import { decodeFixture, encodeAll, parseEncoded, type WireEvent } from "./sse-helpers.ts";

/** Compact trace: event name plus the block type or delta type it carries. */
function trace(events: WireEvent[]): string[] {
  return events.map(({ event, data }) => {
    if (event === "content_block_start") return `${event}:${data.index}:${data.content_block.type}`;
    if (event === "content_block_delta") return `${event}:${data.index}:${data.delta.type}`;
    if (event === "content_block_stop") return `${event}:${data.index}`;
    return String(event);
  });
}

function expectBalancedBlocks(events: WireEvent[]) {
  const open = new Set<number>();
  let expected = 0;
  for (const { event, data } of events) {
    expect(data.type).toBe(event);
    if (event === "content_block_start") {
      expect(open.size).toBe(0);
      expect(data.index).toBe(expected++);
      open.add(data.index);
    } else if (event === "content_block_stop") {
      expect(open.delete(data.index)).toBe(true);
    } else if (event === "message_delta" || event === "message_stop" || event === "error") {
      expect(open.size).toBe(0);
    }
  }
}

const start: IrStreamEvent = { type: "start", id: "chatcmpl-abc", model: "gpt-x" };

describe("anthropic stream encoder", () => {
  test("text: exact event order and payloads", () => {
    const events = parseEncoded(
      encodeAll([
        start,
        { type: "text-delta", text: "Hello" },
        { type: "text-delta", text: " world" },
        { type: "usage", usage: { inputTokens: 120, outputTokens: 5, cachedInputTokens: 100 } },
        { type: "finish", reason: "stop" },
      ]),
    );
    expect(trace(events)).toEqual([
      "message_start",
      "content_block_start:0:text",
      "content_block_delta:0:text_delta",
      "content_block_delta:0:text_delta",
      "content_block_stop:0",
      "message_delta",
      "message_stop",
    ]);
    expect(events[0]!.data.message).toEqual({
      id: "msg_chatcmpl-abc",
      type: "message",
      role: "assistant",
      model: "claude-test",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    });
    expect(events[1]!.data.content_block).toEqual({ type: "text", text: "" });
    expect(events[2]!.data.delta).toEqual({ type: "text_delta", text: "Hello" });
    expect(events[5]!.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { input_tokens: 20, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 },
    });
    expectBalancedBlocks(events);
  });

  test("tool call with streamed arguments after text", () => {
    const events = parseEncoded(
      encodeAll([
        start,
        { type: "text-delta", text: "Checking." },
        { type: "tool-call-start", index: 0, id: "call_1", name: "get_weather" },
        { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
        { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
        { type: "tool-call-end", index: 0 },
        { type: "tool-call-start", index: 1, id: "functions.lookup:1", name: "lookup" },
        { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
        { type: "finish", reason: "tool_calls" },
      ]),
    );
    expect(trace(events)).toEqual([
      "message_start",
      "content_block_start:0:text",
      "content_block_delta:0:text_delta",
      "content_block_stop:0",
      "content_block_start:1:tool_use",
      "content_block_delta:1:input_json_delta",
      "content_block_delta:1:input_json_delta",
      "content_block_stop:1",
      "content_block_start:2:tool_use",
      "content_block_delta:2:input_json_delta",
      "content_block_stop:2",
      "message_delta",
      "message_stop",
    ]);
    expect(events[4]!.data.content_block).toEqual({ type: "tool_use", id: "call_1", name: "get_weather", input: {} });
    expect(events[5]!.data.delta).toEqual({ type: "input_json_delta", partial_json: '{"city":' });
    expect(events[8]!.data.content_block.id).toBe("functions_lookup_1");
    expect(events.at(-2)!.data.delta).toEqual({ stop_reason: "tool_use", stop_sequence: null });
    expectBalancedBlocks(events);
  });

  test("thinking then text: thinking block with signature_delta, then a text block", () => {
    const events = parseEncoded(
      encodeAll([
        start,
        { type: "reasoning-delta", text: "Let me think" },
        { type: "reasoning-delta", text: " about it." },
        { type: "reasoning-signature", signature: { family: "anthropic", value: "sig-1" } },
        { type: "reasoning-redacted", data: "opaque" },
        { type: "text-delta", text: "Answer." },
        { type: "finish", reason: "stop" },
      ]),
    );
    expect(trace(events)).toEqual([
      "message_start",
      "content_block_start:0:thinking",
      "content_block_delta:0:thinking_delta",
      "content_block_delta:0:thinking_delta",
      "content_block_delta:0:signature_delta",
      "content_block_stop:0",
      "content_block_start:1:redacted_thinking",
      "content_block_stop:1",
      "content_block_start:2:text",
      "content_block_delta:2:text_delta",
      "content_block_stop:2",
      "message_delta",
      "message_stop",
    ]);
    expect(events[1]!.data.content_block).toEqual({ type: "thinking", thinking: "", signature: "" });
    expect(events[4]!.data.delta).toEqual({ type: "signature_delta", signature: "sig-1" });
    expect(events[6]!.data.content_block).toEqual({ type: "redacted_thinking", data: "opaque" });
    expectBalancedBlocks(events);
  });

  test("signatures of other providers are not sent; a new thinking block follows a signed one", () => {
    const events = parseEncoded(
      encodeAll([
        start,
        { type: "reasoning-delta", text: "a" },
        { type: "reasoning-signature", signature: { family: "gemini", value: "gem" } },
        { type: "reasoning-delta", text: "b" },
        { type: "reasoning-signature", signature: { family: "anthropic", value: "s1" } },
        { type: "reasoning-delta", text: "c" },
        { type: "finish", reason: "stop" },
      ]),
    );
    expect(trace(events)).toEqual([
      "message_start",
      "content_block_start:0:thinking",
      "content_block_delta:0:thinking_delta",
      "content_block_delta:0:thinking_delta",
      "content_block_delta:0:signature_delta",
      "content_block_stop:0",
      "content_block_start:1:thinking",
      "content_block_delta:1:thinking_delta",
      "content_block_stop:1",
      "message_delta",
      "message_stop",
    ]);
  });

  test("finish with a stop sequence and a length stop", () => {
    const stopped = parseEncoded(encodeAll([start, { type: "text-delta", text: "x" }, { type: "finish", reason: "stop", stopSequence: "END" }]));
    expect(stopped.at(-2)!.data.delta).toEqual({ stop_reason: "stop_sequence", stop_sequence: "END" });
    const cut = parseEncoded(encodeAll([start, { type: "finish", reason: "length" }]));
    expect(trace(cut)).toEqual(["message_start", "message_delta", "message_stop"]);
    expect(cut[1]!.data).toEqual({ type: "message_delta", delta: { stop_reason: "max_tokens", stop_sequence: null }, usage: { output_tokens: 0 } });
  });

  test("error mid-stream closes the open block, then event: error, no message_stop", () => {
    const events = parseEncoded(
      encodeAll([start, { type: "text-delta", text: "Hel" }, { type: "error", error: { status: 529, message: "Overloaded" } }, { type: "finish", reason: "stop" }]),
    );
    expect(trace(events)).toEqual(["message_start", "content_block_start:0:text", "content_block_delta:0:text_delta", "content_block_stop:0", "error"]);
    expect(events.at(-1)!.data).toEqual({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    expectBalancedBlocks(events);
  });

  test("end() adds nothing; events after the finish are ignored", () => {
    const encoder = anthropicMessagesCodec.createStreamEncoder({ requestedModel: "m", includeUsage: false });
    encoder.encode(start);
    encoder.encode({ type: "finish", reason: "stop" });
    expect(encoder.encode({ type: "text-delta", text: "late" })).toBe("");
    expect(encoder.end()).toBe("");
  });

  test("decoding a recorded Anthropic stream and encoding it again gives the same block structure", async () => {
    for (const fixture of ["text-then-tool.sse.txt", "thinking.sse.txt"]) {
      const events = parseEncoded(encodeAll(await decodeFixture(fixture)));
      expectBalancedBlocks(events);
      expect(events.at(-1)!.event).toBe("message_stop");
    }
    const thinking = parseEncoded(encodeAll(await decodeFixture("thinking.sse.txt")));
    expect(trace(thinking).filter((line) => line.startsWith("content_block_start"))).toEqual([
      "content_block_start:0:thinking",
      "content_block_start:1:redacted_thinking",
      "content_block_start:2:text",
    ]);
  });
});
