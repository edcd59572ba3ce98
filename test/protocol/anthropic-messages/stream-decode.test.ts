import { describe, expect, test } from "bun:test";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";
import { decodeFixture } from "./sse-helpers.ts";

describe("anthropic stream decoder", () => {
  test("text then a tool call with streamed arguments, cache usage", async () => {
    const events = await decodeFixture("text-then-tool.sse.txt");
    expect(events).toEqual([
      { type: "start", id: "msg_014p7gG3wDgGV9EUtLvnow3U", model: "claude-sonnet-4-5" },
      { type: "text-delta", text: "Okay" },
      { type: "text-delta", text: ", let me check the weather." },
      { type: "tool-call-start", index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"location":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: ' "San Francisco, CA"}' },
      { type: "tool-call-end", index: 0 },
      { type: "usage", usage: { inputTokens: 2572, outputTokens: 89, cachedInputTokens: 2000, cacheWriteTokens: 100 } },
      { type: "finish", reason: "tool_calls" },
    ]);
  });

  test("thinking with signature, redacted thinking, then text; thinking tokens", async () => {
    const events = await decodeFixture("thinking.sse.txt", 11);
    expect(events).toEqual([
      { type: "start", id: "msg_01XK8gMbUZo3Lwq8kV1bCQ7e", model: "claude-opus-4-6" },
      { type: "reasoning-delta", text: "27 * 453 = 27 * 400 + 27 * 53" },
      { type: "reasoning-delta", text: " = 10800 + 1431 = 12231" },
      { type: "reasoning-signature", signature: { family: "anthropic", value: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds" } },
      { type: "reasoning-redacted", data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj" },
      { type: "text-delta", text: "27 * 453 = 12,231" },
      { type: "usage", usage: { inputTokens: 36, outputTokens: 120, reasoningTokens: 90 } },
      { type: "finish", reason: "stop" },
    ]);
  });

  test("in-stream error becomes an IR error with the overloaded status, and nothing follows", async () => {
    const events = await decodeFixture("overloaded.sse.txt");
    expect(events.at(-1)).toEqual({ type: "error", error: { status: 529, message: "Overloaded", type: "overloaded_error", code: null } });
    expect(events.filter((event) => event.type === "finish")).toHaveLength(0);
  });

  test("exactly one finish even with several message_delta events; stop sequence kept", () => {
    const decoder = anthropicMessagesCodec.createStreamDecoder();
    const push = (type: string, body: object) => decoder.push({ event: type, data: JSON.stringify({ type, ...body }) });
    push("message_start", { message: { id: "msg_1", model: "m", usage: { input_tokens: 5, output_tokens: 1 } } });
    expect(push("message_delta", { delta: { stop_reason: null }, usage: { output_tokens: 3 } })).toEqual([]);
    expect(push("message_delta", { delta: { stop_reason: "stop_sequence", stop_sequence: "END" }, usage: { output_tokens: 7, input_tokens: 6 } })).toEqual([]);
    expect(push("message_stop", {})).toEqual([
      { type: "usage", usage: { inputTokens: 6, outputTokens: 7 } },
      { type: "finish", reason: "stop", stopSequence: "END" },
    ]);
    expect(decoder.end()).toEqual([]);
  });

  test("a stream cut after message_delta still yields its finish at end(); before it, none is invented", () => {
    const cut = anthropicMessagesCodec.createStreamDecoder();
    cut.push({ event: "message_start", data: '{"type":"message_start","message":{"id":"msg_2","model":"m"}}' });
    cut.push({ event: "message_delta", data: '{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":4}}' });
    expect(cut.end().at(-1)).toEqual({ type: "finish", reason: "length" });

    const broken = anthropicMessagesCodec.createStreamDecoder();
    broken.push({ event: "message_start", data: '{"type":"message_start","message":{"id":"msg_3","model":"m"}}' });
    expect(broken.end()).toEqual([]);
  });

  test("tool-call indexes count tool blocks only; unknown events, pings and bad JSON are ignored", () => {
    const decoder = anthropicMessagesCodec.createStreamDecoder();
    const out = [
      { event: "message_start", data: '{"type":"message_start","message":{"id":"msg_4","model":"m"}}' },
      { event: "ping", data: '{"type":"ping"}' },
      { event: "content_block_start", data: '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}' },
      { event: "content_block_stop", data: '{"type":"content_block_stop","index":0}' },
      { event: "content_block_start", data: '{"type":"content_block_start","index":1,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search"}}' },
      { event: "content_block_delta", data: '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{}"}}' },
      { event: "content_block_stop", data: '{"type":"content_block_stop","index":1}' },
      { event: "content_block_start", data: '{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_a","name":"a","input":{}}}' },
      { event: "content_block_start", data: '{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_b","name":"b","input":{}}}' },
      { event: "some_future_event", data: '{"type":"some_future_event"}' },
      { event: "content_block_delta", data: "not json" },
      { event: "content_block_delta", data: '{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\\"x\\":1}"}}' },
      { event: "message_delta", data: '{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}' },
      { event: "message_stop", data: '{"type":"message_stop"}' },
    ].flatMap((event) => decoder.push(event));
    expect(out.filter((event) => event.type.startsWith("tool-call"))).toEqual([
      { type: "tool-call-start", index: 0, id: "toolu_a", name: "a" },
      { type: "tool-call-start", index: 1, id: "toolu_b", name: "b" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"x":1}' },
      // Blocks the upstream never closed are closed before the finish.
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
    ]);
    expect(out.at(-1)).toEqual({ type: "finish", reason: "tool_calls" });
  });

  test("a tool input sent whole in content_block_start (some compatible upstreams) becomes one delta", () => {
    const decoder = anthropicMessagesCodec.createStreamDecoder();
    const out = [
      { event: "message_start", data: '{"type":"message_start","message":{"id":"msg_5","model":"m"}}' },
      { event: "content_block_start", data: '{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{"a":1}}}' },
      { event: "content_block_stop", data: '{"type":"content_block_stop","index":0}' },
    ].flatMap((event) => decoder.push(event));
    expect(out.slice(1)).toEqual([
      { type: "tool-call-start", index: 0, id: "t1", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":1}' },
      { type: "tool-call-end", index: 0 },
    ]);
  });
});
