import { describe, expect, test } from "bun:test";
import type { IrResponse } from "../../../src/protocol/ir.ts";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";

const codec = anthropicMessagesCodec;

describe("anthropic decodeResponse", () => {
  test("content blocks, stop reason and cached usage", () => {
    const response = codec.decodeResponse({
      id: "msg_01",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [
        { type: "thinking", thinking: "Think.", signature: "sig" },
        { type: "redacted_thinking", data: "red" },
        { type: "text", text: "Hello", citations: null },
        { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
        { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
        { type: "tool_use", id: "toolu_1", name: "f", input: { a: 1 } },
        { type: "brand_new_block" },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      container: null,
      usage: {
        input_tokens: 50,
        cache_creation_input_tokens: 200,
        cache_read_input_tokens: 1000,
        output_tokens: 30,
        output_tokens_details: { thinking_tokens: 12 },
        service_tier: "standard",
      },
    });
    expect(response).toEqual({
      id: "msg_01",
      model: "claude-sonnet-4-5-20250929",
      created: expect.any(Number),
      parts: [
        { type: "reasoning", text: "Think.", signature: { family: "anthropic", value: "sig" } },
        { type: "reasoning", text: "", redacted: "red" },
        { type: "text", text: "Hello" },
        { type: "tool-call", id: "toolu_1", name: "f", arguments: '{"a":1}' },
      ],
      finishReason: "tool_calls",
      usage: { inputTokens: 1250, outputTokens: 30, cachedInputTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 12 },
    });
  });

  test("stop reasons", () => {
    const finish = (stop_reason: unknown, stop_sequence: unknown = null) => codec.decodeResponse({ content: [], stop_reason, stop_sequence });
    expect(finish("end_turn").finishReason).toBe("stop");
    expect(finish("stop_sequence", "END")).toMatchObject({ finishReason: "stop", stopSequence: "END" });
    expect(finish("max_tokens").finishReason).toBe("length");
    expect(finish("model_context_window_exceeded").finishReason).toBe("length");
    expect(finish("refusal").finishReason).toBe("refusal");
    expect(finish("pause_turn").finishReason).toBe("other");
    expect(finish("something_new").finishReason).toBe("other");
  });

  test("never throws on odd bodies", () => {
    expect(codec.decodeResponse(null)).toMatchObject({ id: "", parts: [], finishReason: "stop" });
    expect(codec.decodeResponse({ content: "nope", usage: "x" }).usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});

describe("anthropic encodeResponse", () => {
  const ir: IrResponse = {
    id: "chatcmpl-9",
    model: "gpt-4o",
    created: 1,
    parts: [
      { type: "reasoning", text: "signed", signature: { family: "anthropic", value: "sig" } },
      { type: "reasoning", text: "from another provider", signature: { family: "openai-responses", value: "enc" } },
      { type: "reasoning", text: "", redacted: "red" },
      { type: "text", text: "Hi" },
      { type: "tool-call", id: "call_1", name: "f", arguments: '{"a":1}' },
      { type: "tool-call", id: "call_2", name: "g", arguments: "{broken" },
    ],
    finishReason: "tool_calls",
    usage: { inputTokens: 1300, outputTokens: 40, cachedInputTokens: 1000, cacheWriteTokens: 200 },
  };

  test("full message shape with usage split back out", () => {
    expect(codec.encodeResponse(ir, { requestedModel: "my-model" })).toEqual({
      id: "msg_chatcmpl-9",
      type: "message",
      role: "assistant",
      model: "my-model",
      content: [
        { type: "thinking", thinking: "signed", signature: "sig" },
        { type: "thinking", thinking: "from another provider", signature: "" },
        { type: "redacted_thinking", data: "red" },
        { type: "text", text: "Hi" },
        { type: "tool_use", id: "call_1", name: "f", input: { a: 1 } },
        { type: "tool_use", id: "call_2", name: "g", input: {} },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 40, cache_creation_input_tokens: 200, cache_read_input_tokens: 1000 },
    });
  });

  test("ids, stop sequences, missing usage", () => {
    const body = codec.encodeResponse({ ...ir, id: "msg_keep", parts: [], finishReason: "stop", stopSequence: "END", usage: undefined }, { requestedModel: "m" }) as any;
    expect(body.id).toBe("msg_keep");
    expect([body.stop_reason, body.stop_sequence]).toEqual(["stop_sequence", "END"]);
    expect(body.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect((codec.encodeResponse({ ...ir, id: "" }, { requestedModel: "m" }) as any).id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect((codec.encodeResponse({ ...ir, finishReason: "length" }, { requestedModel: "m" }) as any).stop_reason).toBe("max_tokens");
    expect((codec.encodeResponse({ ...ir, finishReason: "content_filter" }, { requestedModel: "m" }) as any).stop_reason).toBe("refusal");
  });

  test("a decoded Anthropic response encodes back to the same content", () => {
    const original = {
      id: "msg_abc",
      type: "message",
      role: "assistant",
      model: "claude-x",
      content: [
        { type: "thinking", thinking: "t", signature: "s" },
        { type: "text", text: "answer" },
        { type: "tool_use", id: "toolu_9", name: "f", input: { nested: { list: [1, 2] } } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 20, cache_creation_input_tokens: 3, cache_read_input_tokens: 4 },
    };
    expect(codec.encodeResponse(codec.decodeResponse(original), { requestedModel: "claude-x" })).toEqual(original);
  });
});
