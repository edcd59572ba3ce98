import { describe, expect, test } from "bun:test";
import { ollamaCodec } from "../../../src/protocol/ollama/index.ts";

const final = { done: true, total_duration: 885095291, load_duration: 3753500, prompt_eval_count: 122, prompt_eval_duration: 328493000, eval_count: 33, eval_duration: 552222000 };

describe("ollama decodeResponse", () => {
  test("text, usage from the eval counts, created_at as the creation time", () => {
    const response = ollamaCodec.decodeResponse({
      model: "llama3.2",
      created_at: "2023-12-12T14:13:43.416799Z",
      message: { role: "assistant", content: "Hello! How are you today?" },
      done_reason: "stop",
      ...final,
    });
    expect(response).toMatchObject({
      model: "llama3.2",
      created: 1702390423,
      parts: [{ type: "text", text: "Hello! How are you today?" }],
      finishReason: "stop",
      usage: { inputTokens: 122, outputTokens: 33 },
    });
    expect(response.id.length).toBeGreaterThan(0);
  });

  test("thinking becomes reasoning ahead of the text; done_reason length is a length finish", () => {
    const response = ollamaCodec.decodeResponse({ model: "qwen3", message: { role: "assistant", content: "42", thinking: "Let me count." }, done_reason: "length", ...final });
    expect(response.parts).toEqual([
      { type: "reasoning", text: "Let me count." },
      { type: "text", text: "42" },
    ]);
    expect(response.finishReason).toBe("length");
  });

  test("tool calls: object arguments stringified, ids invented (unique) when Ollama sent none, finish tool_calls", () => {
    const response = ollamaCodec.decodeResponse({
      model: "llama3.2",
      message: {
        role: "assistant",
        content: "",
        tool_calls: [
          { function: { name: "get_current_weather", arguments: { format: "celsius", location: "Paris, FR" } } },
          { function: { name: "get_current_weather", arguments: { location: "Rome" } } },
          { id: "call_from_ollama", function: { index: 2, name: "get_time", arguments: {} } },
        ],
      },
      done_reason: "stop",
      ...final,
    });
    const calls = response.parts.filter((part) => part.type === "tool-call");
    expect(calls.map((call) => call.name)).toEqual(["get_current_weather", "get_current_weather", "get_time"]);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ format: "celsius", location: "Paris, FR" });
    expect(calls[2]!.arguments).toBe("{}");
    expect(calls[0]!.id).toMatch(/^call_/);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    expect(calls[2]!.id).toBe("call_from_ollama");
    expect(response.finishReason).toBe("tool_calls");
  });

  test("lenient: no counts means no usage, an odd done_reason is other", () => {
    const response = ollamaCodec.decodeResponse({ model: "m", message: { role: "assistant", content: "" }, done_reason: "load", done: true });
    expect(response.usage).toBeUndefined();
    expect(response.finishReason).toBe("other");
    expect(ollamaCodec.decodeResponse(null).parts).toEqual([]);
  });

  test("errors: `{error}` bodies in, `{error}` bodies out", () => {
    expect(ollamaCodec.decodeError!(404, { error: "model 'llama9' not found" })).toEqual({ status: 404, message: "model 'llama9' not found", code: null });
    expect(ollamaCodec.decodeError!(500, "not json").message).toBe("Upstream answered HTTP 500");
    expect(ollamaCodec.errorBody({ status: 400, message: "bad" })).toEqual({ error: "bad" });
  });
});
