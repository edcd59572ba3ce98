// IR → upstream Responses bodies: instructions, input items, reasoning replay, tools and settings.
import { describe, expect, test } from "bun:test";
import type { IrRequest } from "../../../src/protocol/ir.ts";
import { openAIResponsesCodec } from "../../../src/protocol/openai-responses/index.ts";

const baseRequest = (overrides: Partial<IrRequest> = {}): IrRequest => ({
  model: "client-model",
  system: [],
  messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }],
  stream: false,
  ...overrides,
});

const encode = (overrides: Partial<IrRequest> = {}, maxOutputTokens?: number) => {
  const encoded = openAIResponsesCodec.encodeRequest(baseRequest(overrides), { model: "gpt-5", ...(maxOutputTokens ? { maxOutputTokens } : {}) });
  return { path: encoded.path, body: encoded.body as Record<string, unknown> };
};

describe("Responses encodeRequest", () => {
  test("path, model, instructions joined, user content as input_text / input_image / input_file", () => {
    const { path, body } = encode({
      system: [{ type: "text", text: "Rule one" }, { type: "text", text: "Rule two" }],
      messages: [
        {
          role: "user",
          parts: [
            { type: "text", text: "Look" },
            { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AAAA" } },
            { type: "image", source: { kind: "url", url: "https://example.com/a.png" }, detail: "low" },
            { type: "document", source: { kind: "base64", mediaType: "application/pdf", data: "JVBE" }, filename: "x.pdf" },
            { type: "document", source: { kind: "url", url: "https://example.com/b.pdf" } },
            { type: "document", source: { kind: "file-id", fileId: "file-1" } },
          ],
        },
      ],
    });
    expect(path).toBe("/responses");
    expect(body.model).toBe("gpt-5");
    expect(body.instructions).toBe("Rule one\n\nRule two");
    expect(body.input).toEqual([
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "Look" },
          { type: "input_image", detail: "auto", image_url: "data:image/png;base64,AAAA" },
          { type: "input_image", detail: "low", image_url: "https://example.com/a.png" },
          { type: "input_file", file_data: "data:application/pdf;base64,JVBE", filename: "x.pdf" },
          { type: "input_file", file_url: "https://example.com/b.pdf" },
          { type: "input_file", file_id: "file-1" },
        ],
      },
    ]);
    expect(body.stream).toBe(false);
    expect("instructions" in encode().body).toBe(false);
  });

  test("assistant turn: Responses reasoning replayed before its function_call; foreign reasoning dropped; results paired by call_id", () => {
    const { body } = encode({
      messages: [
        { role: "user", parts: [{ type: "text", text: "Weather?" }] },
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "thinking", signature: { family: "anthropic", value: "sig" } },
            { type: "reasoning", text: "Need weather", signature: { family: "openai-responses", value: "ENC" }, itemId: "rs_1" },
            { type: "text", text: "Checking." },
            { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', itemId: "fc_1" },
            { type: "tool-call", id: "toolu_2", name: "get_time", arguments: "", itemId: "not-a-responses-id" },
          ],
        },
        {
          role: "user",
          parts: [
            { type: "tool-result", toolCallId: "call_1", content: [{ type: "text", text: "18C" }] },
            { type: "tool-result", toolCallId: "toolu_2", content: [{ type: "text", text: "noon" }, { type: "image", source: { kind: "url", url: "https://x/c.png" } }] },
            { type: "text", text: "And tomorrow?" },
          ],
        },
      ],
    });
    expect(body.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "Weather?" }] },
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Need weather" }], encrypted_content: "ENC" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Checking.", annotations: [] }] },
      { type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', id: "fc_1" },
      { type: "function_call", call_id: "toolu_2", name: "get_time", arguments: "{}" },
      { type: "function_call_output", call_id: "call_1", output: "18C" },
      {
        type: "function_call_output",
        call_id: "toolu_2",
        output: [{ type: "input_text", text: "noon" }, { type: "input_image", detail: "auto", image_url: "https://x/c.png" }],
      },
      { type: "message", role: "user", content: [{ type: "input_text", text: "And tomorrow?" }] },
    ]);
  });

  test("tools flat with strict always set, tool_choice, text.format, sampling; stop and penalties dropped", () => {
    const { body } = encode({
      tools: [{ name: "lookup", description: "Look", parameters: { type: "object" } }, { name: "exact", parameters: {}, strict: true }],
      toolChoice: { type: "tool", name: "lookup" },
      parallelToolCalls: true,
      responseFormat: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true },
      temperature: 0.5,
      topP: 0.8,
      stop: ["END"],
      seed: 1,
      frequencyPenalty: 1,
      user: "u1",
      metadata: { team: "a", count: 3 },
      stream: true,
    });
    expect(body.tools).toEqual([
      { type: "function", name: "lookup", description: "Look", parameters: { type: "object" }, strict: false },
      { type: "function", name: "exact", parameters: {}, strict: true },
    ]);
    expect(body.tool_choice).toEqual({ type: "function", name: "lookup" });
    expect(body.parallel_tool_calls).toBe(true);
    expect(body.text).toEqual({ format: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true } });
    expect(body.temperature).toBe(0.5);
    expect(body.top_p).toBe(0.8);
    expect(body.user).toBe("u1");
    expect(body.metadata).toEqual({ team: "a" });
    expect(body.stream).toBe(true);
    for (const field of ["stop", "seed", "frequency_penalty", "presence_penalty", "top_k"]) expect(field in body).toBe(false);
    expect(encode({ toolChoice: { type: "none" } }).body.tool_choice).toBe("none");
  });

  test("max_output_tokens is clamped to the target's limit", () => {
    expect(encode({ maxOutputTokens: 128000 }, 32000).body.max_output_tokens).toBe(32000);
    expect(encode({ maxOutputTokens: 1000 }, 32000).body.max_output_tokens).toBe(1000);
    expect("max_output_tokens" in encode({}, 32000).body).toBe(false);
  });

  test("reasoning asks for encrypted content and runs stateless unless the client stores", () => {
    const stateless = encode({ reasoning: { effort: "medium", includeThoughts: true } }).body;
    expect(stateless.reasoning).toEqual({ effort: "medium", summary: "auto" });
    expect(stateless.include).toEqual(["reasoning.encrypted_content"]);
    expect(stateless.store).toBe(false);
    const stored = encode({ reasoning: { effort: "low" }, store: true }).body;
    expect(stored.store).toBe(true);
    expect(stored.include).toEqual(["reasoning.encrypted_content"]);
    const fromBudget = encode({ reasoning: { budgetTokens: 10000, enabled: true } }).body;
    expect(fromBudget.reasoning).toEqual({ effort: "medium" });
    const plain = encode().body;
    expect("reasoning" in plain || "include" in plain || "store" in plain).toBe(false);
  });
});
