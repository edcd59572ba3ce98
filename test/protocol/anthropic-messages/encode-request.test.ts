import { describe, expect, test } from "bun:test";
import type { IrRequest } from "../../../src/protocol/ir.ts";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";

const target = { model: "claude-sonnet-4-5-20250929", maxOutputTokens: 64000 };
const request = (extra: Partial<IrRequest> = {}): IrRequest => ({
  model: "my-alias",
  system: [],
  messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }],
  stream: false,
  ...extra,
});
const encode = (extra: Partial<IrRequest> = {}, over: Partial<typeof target> = {}) =>
  anthropicMessagesCodec.encodeRequest(request(extra), { ...target, ...over }).body as Record<string, any>;

describe("anthropic encodeRequest", () => {
  test("path, model, system blocks with cache_control, stream", () => {
    const encoded = anthropicMessagesCodec.encodeRequest(
      request({ system: [{ type: "text", text: "Sys", cacheControl: { type: "ephemeral" } }, { type: "text", text: "" }], stream: true, maxOutputTokens: 100 }),
      target,
    );
    expect(encoded.path).toBe("/v1/messages");
    expect(encoded.body).toEqual({
      model: "claude-sonnet-4-5-20250929",
      max_tokens: 100,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      system: [{ type: "text", text: "Sys", cache_control: { type: "ephemeral" } }],
      stream: true,
    });
  });

  test("max_tokens: clamped to the model, defaulted when absent", () => {
    expect(encode({ maxOutputTokens: 128000 }).max_tokens).toBe(64000);
    expect(encode({ maxOutputTokens: 500 }).max_tokens).toBe(500);
    expect(encode().max_tokens).toBe(16384);
    expect(encode({}, { maxOutputTokens: 4096 }).max_tokens).toBe(4096);
    expect(encode({}, { maxOutputTokens: undefined }).max_tokens).toBe(8192);
  });

  test("merges same-role turns, puts tool results first, parses arguments, drops unsignable reasoning", () => {
    const body = encode({
      messages: [
        { role: "user", parts: [{ type: "text", text: "Weather?" }] },
        { role: "user", parts: [{ type: "text", text: "In Paris." }] },
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "foreign thought", signature: { family: "gemini", value: "g" } },
            { type: "reasoning", text: "plain thought" },
            { type: "text", text: "Let me look." },
            { type: "tool-call", id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
            { type: "tool-call", id: "functions.clock:2", name: "clock", arguments: "not json" },
          ],
        },
        {
          role: "user",
          parts: [
            { type: "text", text: "Here you go." },
            { type: "tool-result", toolCallId: "call_1", content: [{ type: "text", text: "Sunny" }] },
          ],
        },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "functions.clock:2", content: [], isError: true }] },
        { role: "assistant", parts: [{ type: "text", text: "" }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather?" }, { type: "text", text: "In Paris." }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Let me look." },
          { type: "tool_use", id: "call_1", name: "weather", input: { city: "Paris" } },
          { type: "tool_use", id: "functions_clock_2", name: "clock", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: [{ type: "text", text: "Sunny" }] },
          { type: "tool_result", tool_use_id: "functions_clock_2", is_error: true },
          { type: "text", text: "Here you go." },
        ],
      },
    ]);
  });

  test("anthropic-signed thinking and redacted thinking are replayed unmodified, in order", () => {
    const body = encode({
      messages: [
        { role: "user", parts: [{ type: "text", text: "Q" }] },
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "step one", signature: { family: "anthropic", value: "sig-1" } },
            { type: "reasoning", text: "", redacted: "red-1" },
            { type: "tool-call", id: "toolu_1", name: "t", arguments: "{}" },
          ],
        },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "toolu_1", content: [{ type: "text", text: "ok" }] }] },
      ],
    });
    expect(body.messages[1].content).toEqual([
      { type: "thinking", thinking: "step one", signature: "sig-1" },
      { type: "redacted_thinking", data: "red-1" },
      { type: "tool_use", id: "toolu_1", name: "t", input: {} },
    ]);
  });

  test("images and documents: urls, data urls, base64, text, file ids", () => {
    const body = encode({
      messages: [
        {
          role: "user",
          parts: [
            { type: "image", source: { kind: "url", url: "https://example.com/cat.png" } },
            { type: "image", source: { kind: "url", url: "data:image/png;base64,iVBOR" }, cacheControl: { type: "ephemeral" } },
            { type: "image", source: { kind: "file-id", fileId: "file_1" } },
            { type: "document", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" }, filename: "a.pdf" },
            { type: "document", source: { kind: "base64", mediaType: "text/plain", data: Buffer.from("hello").toString("base64") } },
            { type: "document", source: { kind: "text", text: "inline" }, title: "Notes" },
            { type: "document", source: { kind: "url", url: "https://example.com/a.pdf" } },
            { type: "audio", data: "AAA", format: "wav" },
          ],
        },
      ],
    });
    expect(body.messages[0].content).toEqual([
      { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBOR" }, cache_control: { type: "ephemeral" } },
      { type: "image", source: { type: "file", file_id: "file_1" } },
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBER" }, title: "a.pdf" },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "hello" } },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "inline" }, title: "Notes" },
      { type: "document", source: { type: "url", url: "https://example.com/a.pdf" } },
    ]);
  });

  test("tools, tool_choice and parallel tool calls", () => {
    const tools = [{ name: "t", description: "d", parameters: { type: "object", properties: {} }, cacheControl: { type: "ephemeral" } }];
    const body = encode({ tools, toolChoice: { type: "required" }, parallelToolCalls: false });
    expect(body.tools).toEqual([{ name: "t", description: "d", input_schema: { type: "object", properties: {} }, cache_control: { type: "ephemeral" } }]);
    expect(body.tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
    expect(encode({ tools, toolChoice: { type: "tool", name: "t" } }).tool_choice).toEqual({ type: "tool", name: "t" });
    expect(encode({ tools, toolChoice: { type: "none" } }).tool_choice).toEqual({ type: "none" });
    expect(encode({ tools, parallelToolCalls: false }).tool_choice).toEqual({ type: "auto", disable_parallel_tool_use: true });
    expect(encode({ tools }).tool_choice).toBeUndefined();
    expect(encode({ toolChoice: { type: "required" } }).tool_choice).toBeUndefined();
    expect(encode({ tools: [{ name: "bare", parameters: {} }] }).tools[0].input_schema).toEqual({ type: "object" });
  });

  test("thinking budget: at least 1024, below max_tokens, max_tokens raised within the model limit", () => {
    expect(encode({ maxOutputTokens: 8000, reasoning: { budgetTokens: 4000 } })).toMatchObject({ max_tokens: 8000, thinking: { type: "enabled", budget_tokens: 4000 } });
    expect(encode({ maxOutputTokens: 8000, reasoning: { budgetTokens: 100 } }).thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(encode({ maxOutputTokens: 2000, reasoning: { budgetTokens: 4000 } })).toMatchObject({ max_tokens: 6000, thinking: { budget_tokens: 4000 } });
    expect(encode({ maxOutputTokens: 2000, reasoning: { budgetTokens: 8000 } }, { maxOutputTokens: 8192 })).toMatchObject({
      max_tokens: 8192,
      thinking: { type: "enabled", budget_tokens: 8000 },
    });
    expect(encode({ maxOutputTokens: 9000, reasoning: { budgetTokens: 9000 } }, { maxOutputTokens: 9000 })).toMatchObject({
      max_tokens: 9000,
      thinking: { budget_tokens: 8999 },
    });
    // No room for the minimum budget: no thinking rather than a rejected request.
    expect(encode({ reasoning: { budgetTokens: 2048 } }, { maxOutputTokens: 1000 })).toEqual(expect.not.objectContaining({ thinking: expect.anything() }));
  });

  test("adaptive, disabled, effort mapping", () => {
    expect(encode({ reasoning: { enabled: true } }).thinking).toEqual({ type: "adaptive" });
    expect(encode({ reasoning: { enabled: false } }).thinking).toEqual({ type: "disabled" });
    expect(encode({ reasoning: { effort: "medium" } })).toMatchObject({ output_config: { effort: "medium" } });
    expect(encode({ reasoning: { effort: "medium" } }).thinking).toBeUndefined();
    expect(encode({ reasoning: { effort: "none" } }).output_config).toEqual({ effort: "low" });
    expect(encode({ reasoning: { effort: "minimal" } }).output_config).toEqual({ effort: "low" });
    expect(encode({ reasoning: { effort: "xhigh" } }).output_config).toEqual({ effort: "xhigh" });
    expect(encode({ reasoning: { effort: "max" } }).output_config).toEqual({ effort: "max" });
  });

  test("thinking is left off when Anthropic would reject it: forced tool use, or a tool loop without a thinking block", () => {
    const tools = [{ name: "t", parameters: { type: "object" } }];
    expect(encode({ tools, toolChoice: { type: "required" }, reasoning: { enabled: true } }).thinking).toBeUndefined();
    const loop: Partial<IrRequest> = {
      tools,
      reasoning: { budgetTokens: 2048 },
      messages: [
        { role: "user", parts: [{ type: "text", text: "Q" }] },
        { role: "assistant", parts: [{ type: "reasoning", text: "from gpt" }, { type: "tool-call", id: "c1", name: "t", arguments: "{}" }] },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "c1", content: [{ type: "text", text: "r" }] }] },
      ],
    };
    expect(encode(loop).thinking).toBeUndefined();
  });

  test("sampling: temperature clamped to 0–1; with thinking on, temperature/top_k dropped and top_p kept only ≥ 0.95", () => {
    expect(encode({ temperature: 1.6, topP: 0.5, topK: 20 })).toMatchObject({ temperature: 1, top_p: 0.5, top_k: 20 });
    const thinking = encode({ temperature: 0.3, topP: 0.5, topK: 20, reasoning: { enabled: true } });
    expect([thinking.temperature, thinking.top_p, thinking.top_k]).toEqual([undefined, undefined, undefined]);
    expect(encode({ topP: 0.97, reasoning: { enabled: true } }).top_p).toBe(0.97);
  });

  test("structured output, json_object hint, stop sequences, user", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(encode({ responseFormat: { type: "json_schema", name: "x", schema } }).output_config).toEqual({ format: { type: "json_schema", schema } });
    expect(encode({ responseFormat: { type: "json_schema", name: "x", schema }, reasoning: { effort: "low" } }).output_config).toEqual({
      effort: "low",
      format: { type: "json_schema", schema },
    });
    expect(encode({ responseFormat: { type: "json_object" } }).system).toEqual([{ type: "text", text: "Respond with a JSON object." }]);
    expect(encode({ stop: ["END", "  ", ""] }).stop_sequences).toEqual(["END"]);
    expect(encode({ user: "u1" }).metadata).toEqual({ user_id: "u1" });
    expect(encode({ seed: 4, frequencyPenalty: 1 })).not.toHaveProperty("seed");
  });
});
