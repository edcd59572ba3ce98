// Converse responses and ConverseStream events → IR: content blocks in order, stop reasons, usage with the cache
// counted into the input, and a stream's tool calls, reasoning signature, finish after the usage, exceptions.
import { describe, expect, test } from "bun:test";
import { decodeBedrockConverseResponse } from "../../../src/protocol/bedrock-converse/decode-response.ts";
import { finishReasonToIr } from "../../../src/protocol/bedrock-converse/map-response-fields.ts";
import { createBedrockConverseStreamDecoder } from "../../../src/protocol/bedrock-converse/stream-decode.ts";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";

describe("Converse response", () => {
  test("reasoning, text and tool use in order; tool_use finish; cache reads and writes join the input", () => {
    const response = decodeBedrockConverseResponse({
      output: {
        message: {
          role: "assistant",
          content: [
            { reasoningContent: { reasoningText: { text: "thinking", signature: "sig-1" } } },
            { text: "Let me look." },
            { toolUse: { toolUseId: "tooluse_1", name: "search", input: { q: "x" } } },
          ],
        },
      },
      stopReason: "tool_use",
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 35, cacheReadInputTokens: 15, cacheWriteInputTokens: 5 },
      metrics: { latencyMs: 100 },
    });
    expect(response.parts).toEqual([
      { type: "reasoning", text: "thinking", signature: { family: "bedrock-converse", value: "sig-1" } },
      { type: "text", text: "Let me look." },
      { type: "tool-call", id: "tooluse_1", name: "search", arguments: '{"q":"x"}' },
    ]);
    expect(response.finishReason).toBe("tool_calls");
    expect(response.usage).toEqual({ inputTokens: 30, outputTokens: 5, cachedInputTokens: 15, cacheWriteTokens: 5 });
  });

  test("stop reasons", () => {
    expect(["end_turn", "stop_sequence", "max_tokens", "model_context_window_exceeded", "guardrail_intervened", "content_filtered", "malformed_tool_use", "something_new"].map(finishReasonToIr)).toEqual([
      "stop",
      "stop",
      "length",
      "length",
      "content_filter",
      "content_filter",
      "other",
      "other",
    ]);
    expect(decodeBedrockConverseResponse({ stopReason: "stop_sequence", additionalModelResponseFields: { stop_sequence: "END" } }).stopSequence).toBe("END");
  });
});

const decode = (events: Array<[string, Record<string, unknown>]>, finish = true) => {
  const decoder = createBedrockConverseStreamDecoder();
  const out: IrStreamEvent[] = events.flatMap(([event, payload]) => decoder.push({ event, data: JSON.stringify(payload) }));
  return finish ? [...out, ...decoder.end()] : out;
};

describe("ConverseStream", () => {
  test("text, reasoning and its signature, a tool call in fragments, then usage and the finish", () => {
    const events = decode([
      ["messageStart", { role: "assistant" }],
      ["contentBlockDelta", { contentBlockIndex: 0, delta: { reasoningContent: { text: "hmm" } } }],
      ["contentBlockDelta", { contentBlockIndex: 0, delta: { reasoningContent: { signature: "sig" } } }],
      ["contentBlockStop", { contentBlockIndex: 0 }],
      ["contentBlockDelta", { contentBlockIndex: 1, delta: { text: "Hi" } }],
      ["contentBlockStop", { contentBlockIndex: 1 }],
      ["contentBlockStart", { contentBlockIndex: 2, start: { toolUse: { toolUseId: "tooluse_a", name: "search" } } }],
      ["contentBlockDelta", { contentBlockIndex: 2, delta: { toolUse: { input: '{"q":' } } }],
      ["contentBlockDelta", { contentBlockIndex: 2, delta: { toolUse: { input: '"x"}' } } }],
      ["contentBlockStop", { contentBlockIndex: 2 }],
      ["messageStop", { stopReason: "tool_use" }],
      ["metadata", { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 }, metrics: { latencyMs: 9 } }],
    ]);
    expect(events.slice(1)).toEqual([
      { type: "reasoning-delta", text: "hmm" },
      { type: "reasoning-signature", signature: { family: "bedrock-converse", value: "sig" } },
      { type: "text-delta", text: "Hi" },
      { type: "tool-call-start", index: 0, id: "tooluse_a", name: "search" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"q":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"x"}' },
      { type: "tool-call-end", index: 0 },
      { type: "usage", usage: { inputTokens: 3, outputTokens: 4 } },
      { type: "finish", reason: "tool_calls" },
    ]);
    expect(events[0]!.type).toBe("start");
  });

  test("a stream without metadata finishes at its end; one without messageStop does not", () => {
    expect(decode([["messageStart", {}], ["contentBlockDelta", { delta: { text: "a" } }], ["messageStop", { stopReason: "max_tokens" }]]).at(-1)).toEqual({ type: "finish", reason: "length" });
    expect(decode([["messageStart", {}], ["contentBlockDelta", { delta: { text: "a" } }]]).at(-1)).toEqual({ type: "text-delta", text: "a" });
  });

  test("an exception becomes an error with the status of its kind, and nothing follows it", () => {
    const events = decode([
      ["messageStart", {}],
      ["exception:throttlingException", { message: "Too many tokens" }],
      ["contentBlockDelta", { delta: { text: "late" } }],
    ]);
    expect(events.slice(1)).toEqual([{ type: "error", error: { status: 429, message: "Too many tokens", type: "ThrottlingException", code: null } }]);
    expect(decode([["exception:validationException", { message: "bad" }]])[0]).toMatchObject({ type: "error", error: { status: 400 } });
    expect(decode([["exception:modelStreamErrorException", { message: "x" }]])[0]).toMatchObject({ type: "error", error: { status: 424 } });
  });
});
