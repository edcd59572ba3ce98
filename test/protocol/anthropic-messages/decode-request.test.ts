import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../../../src/errors/gateway-errors.ts";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";

const decode = anthropicMessagesCodec.decodeRequest;
const base = { model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "Hi" }] };

function invalid(body: unknown): InvalidRequestError {
  try {
    decode(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error("expected an InvalidRequestError");
}

describe("anthropic decodeRequest", () => {
  test("minimal request", () => {
    expect(decode(base)).toEqual({
      model: "claude-sonnet-4-5",
      system: [],
      messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }],
      maxOutputTokens: 1024,
      stream: false,
    });
  });

  test("validation names the field", () => {
    expect(invalid(null).message).toContain("JSON object");
    expect(invalid({ ...base, model: 5 }).param).toBe("model");
    expect(invalid({ ...base, max_tokens: 0 }).param).toBe("max_tokens");
    expect(invalid({ ...base, max_tokens: 1.5 }).param).toBe("max_tokens");
    expect(invalid({ model: "m", messages: [] }).param).toBe("max_tokens");
    expect(invalid({ ...base, messages: "hi" }).param).toBe("messages");
    expect(invalid({ ...base, messages: [{ role: "tool", content: "x" }] }).param).toBe("messages[0].role");
    expect(invalid({ ...base, messages: [{ role: "user", content: 5 }] }).param).toBe("messages[0].content");
    expect(invalid({ ...base, messages: [{ role: "assistant", content: [{ type: "tool_use", name: "x", input: {} }] }] }).param).toBe(
      "messages[0].content[0].id",
    );
    expect(invalid({ ...base, temperature: "hot" }).param).toBe("temperature");
    expect(invalid({ ...base, stop_sequences: [1] }).param).toBe("stop_sequences");
    expect(invalid({ ...base, tool_choice: { type: "tool" } }).param).toBe("tool_choice.name");
  });

  test("system as string or blocks keeps cache_control; system-role messages are appended", () => {
    const request = decode({
      ...base,
      system: [
        { type: "text", text: "You are helpful.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Be brief." },
      ],
      messages: [{ role: "system", content: "Extra rule." }, ...base.messages, { role: "system", content: [{ type: "text", text: "Late rule." }] }],
    });
    expect(request.system).toEqual([
      { type: "text", text: "You are helpful.", cacheControl: { type: "ephemeral" } },
      { type: "text", text: "Be brief." },
      { type: "text", text: "Extra rule." },
      { type: "text", text: "Late rule." },
    ]);
    expect(request.messages).toHaveLength(1);
    expect(decode({ ...base, system: "Plain." }).system).toEqual([{ type: "text", text: "Plain." }]);
  });

  test("content blocks: images, documents, tool use and results, thinking", () => {
    const request = decode({
      ...base,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBOR" } },
            { type: "image", source: { type: "url", url: "https://example.com/a.jpg" }, cache_control: { type: "ephemeral" } },
            { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBER" }, title: "Spec" },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "plain doc" } },
            { type: "document", source: { type: "url", url: "https://example.com/a.pdf" } },
            { type: "text", text: "Read these." },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "Hmm.", signature: "sig-abc" },
            { type: "redacted_thinking", data: "redacted-data" },
            { type: "tool_use", id: "toolu_1", name: "search", input: { q: "x" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "found", is_error: true },
            { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "more" }, { type: "image", source: { type: "url", url: "https://x/y.png" } }] },
            { type: "future_block", whatever: true },
          ],
        },
      ],
    });
    expect(request.messages[0]!.parts).toEqual([
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBOR" } },
      { type: "image", source: { kind: "url", url: "https://example.com/a.jpg" }, cacheControl: { type: "ephemeral" } },
      { type: "document", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" }, title: "Spec" },
      { type: "document", source: { kind: "text", text: "plain doc", mediaType: "text/plain" } },
      { type: "document", source: { kind: "url", url: "https://example.com/a.pdf" } },
      { type: "text", text: "Read these." },
    ]);
    expect(request.messages[1]!.parts).toEqual([
      { type: "reasoning", text: "Hmm.", signature: { family: "anthropic", value: "sig-abc" } },
      { type: "reasoning", text: "", redacted: "redacted-data" },
      { type: "tool-call", id: "toolu_1", name: "search", arguments: '{"q":"x"}' },
    ]);
    expect(request.messages[2]!.parts).toEqual([
      { type: "tool-result", toolCallId: "toolu_1", name: "search", content: [{ type: "text", text: "found" }], isError: true },
      {
        type: "tool-result",
        toolCallId: "toolu_1",
        name: "search",
        content: [
          { type: "text", text: "more" },
          { type: "image", source: { kind: "url", url: "https://x/y.png" } },
        ],
      },
    ]);
  });

  test("tools skip server tools; tool_choice and parallel calls map", () => {
    const request = decode({
      ...base,
      tools: [
        { name: "get_weather", description: "Weather", input_schema: { type: "object", properties: { city: { type: "string" } } }, cache_control: { type: "ephemeral" } },
        { type: "custom", name: "lookup", input_schema: { type: "object" }, strict: true },
        { type: "web_search_20250305", name: "web_search", max_uses: 5 },
      ],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
    expect(request.tools).toEqual([
      { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } }, cacheControl: { type: "ephemeral" } },
      { name: "lookup", parameters: { type: "object" }, strict: true },
    ]);
    expect(request.toolChoice).toEqual({ type: "required" });
    expect(request.parallelToolCalls).toBe(false);
    expect(decode({ ...base, tool_choice: { type: "auto" } }).toolChoice).toEqual({ type: "auto" });
    expect(decode({ ...base, tool_choice: { type: "none" } }).toolChoice).toEqual({ type: "none" });
    expect(decode({ ...base, tool_choice: { type: "tool", name: "lookup" } }).toolChoice).toEqual({ type: "tool", name: "lookup" });
  });

  test("sampling, stop, stream, metadata, thinking, effort and structured output", () => {
    const request = decode({
      ...base,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["END"],
      stream: true,
      metadata: { user_id: "user-7" },
      thinking: { type: "enabled", budget_tokens: 2048 },
      output_config: { effort: "high", format: { type: "json_schema", schema: { type: "object", properties: {} } } },
    });
    expect(request).toMatchObject({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ["END"],
      stream: true,
      user: "user-7",
      reasoning: { enabled: true, budgetTokens: 2048, effort: "high" },
      responseFormat: { type: "json_schema", name: "response", schema: { type: "object", properties: {} } },
    });
    // Claude Code's shape.
    expect(decode({ ...base, thinking: { type: "adaptive", display: "omitted" }, output_config: { effort: "xhigh" } }).reasoning).toEqual({
      enabled: true,
      includeThoughts: false,
      effort: "xhigh",
    });
    expect(decode({ ...base, thinking: { type: "disabled" } }).reasoning).toEqual({ enabled: false });
    expect(decode(base).reasoning).toBeUndefined();
  });
});
