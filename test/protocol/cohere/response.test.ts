import { describe, expect, test } from "bun:test";
import { cohereCodec } from "../../../src/protocol/cohere/index.ts";

const usage = { billed_units: { input_tokens: 5, output_tokens: 418 }, tokens: { input_tokens: 71, output_tokens: 418 } };

describe("cohere decodeResponse", () => {
  test("text content, COMPLETE finish, billed units as usage", () => {
    const response = cohereCodec.decodeResponse({
      id: "c14c80c3-18eb-4519-9460-6c92edd8cfb4",
      finish_reason: "COMPLETE",
      message: { role: "assistant", content: [{ type: "text", text: "LLMs are " }, { type: "text", text: "models." }] },
      usage,
    });
    expect(response).toMatchObject({
      id: "c14c80c3-18eb-4519-9460-6c92edd8cfb4",
      parts: [{ type: "text", text: "LLMs are models." }],
      finishReason: "stop",
      usage: { inputTokens: 5, outputTokens: 418 },
    });
  });

  test("raw token counts when billing is absent; cached tokens kept", () => {
    expect(cohereCodec.decodeResponse({ finish_reason: "COMPLETE", message: {}, usage: { tokens: { input_tokens: 71, output_tokens: 3 }, cached_tokens: 64 } }).usage).toEqual({
      inputTokens: 71,
      outputTokens: 3,
      cachedInputTokens: 64,
    });
    expect(cohereCodec.decodeResponse({ finish_reason: "COMPLETE", message: {} }).usage).toBeUndefined();
  });

  test("thinking content becomes reasoning; finish reasons map", () => {
    const response = cohereCodec.decodeResponse({
      id: "r1",
      finish_reason: "MAX_TOKENS",
      message: { role: "assistant", content: [{ type: "thinking", thinking: "Alice has 2 sisters..." }, { type: "text", text: "Two." }] },
    });
    expect(response.parts).toEqual([
      { type: "reasoning", text: "Alice has 2 sisters..." },
      { type: "text", text: "Two." },
    ]);
    expect(response.finishReason).toBe("length");
    for (const [reason, expected] of [
      ["STOP_SEQUENCE", "stop"],
      ["TOOL_CALL", "tool_calls"],
      ["ERROR", "error"],
      ["TIMEOUT", "error"],
      ["SOMETHING_NEW", "other"],
    ] as const) {
      expect(cohereCodec.decodeResponse({ finish_reason: reason, message: {} }).finishReason).toBe(expected);
    }
  });

  test("tool_plan is the text ahead of the tool calls, whose arguments stay JSON strings", () => {
    const response = cohereCodec.decodeResponse({
      id: "t1",
      finish_reason: "TOOL_CALL",
      message: {
        role: "assistant",
        tool_plan: "I will search for the weather.",
        tool_calls: [
          { id: "get_weather_1byjy32y4hvq", type: "function", function: { name: "get_weather", arguments: '{"location":"Toronto"}' } },
          { id: "get_weather_2", type: "function", function: { name: "get_weather" } },
        ],
      },
      usage,
    });
    expect(response.parts).toEqual([
      { type: "text", text: "I will search for the weather." },
      { type: "tool-call", id: "get_weather_1byjy32y4hvq", name: "get_weather", arguments: '{"location":"Toronto"}' },
      { type: "tool-call", id: "get_weather_2", name: "get_weather", arguments: "{}" },
    ]);
    expect(response.finishReason).toBe("tool_calls");
  });

  test("errors: `{message}` bodies in and out", () => {
    expect(cohereCodec.decodeError!(401, { id: "x", message: "invalid api token" })).toEqual({ status: 401, message: "invalid api token", code: null });
    expect(cohereCodec.decodeError!(502, null).message).toBe("Upstream answered HTTP 502");
    expect(cohereCodec.errorBody({ status: 400, message: "bad" })).toEqual({ message: "bad" });
  });
});
