// Non-streamed Responses bodies both ways, plus the error body.
import { describe, expect, test } from "bun:test";
import type { IrResponse } from "../../../src/protocol/ir.ts";
import { openAIResponsesCodec } from "../../../src/protocol/openai-responses/index.ts";

const upstreamBody = {
  id: "resp_abc",
  object: "response",
  created_at: 1700000000,
  status: "completed",
  model: "gpt-5-2025",
  output: [
    { id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: "Thinking" }], encrypted_content: "ENC" },
    { id: "msg_1", type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "Let me check.", annotations: [] }] },
    { id: "fc_1", type: "function_call", status: "completed", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
    { id: "ws_1", type: "web_search_call", status: "completed" },
  ],
  usage: {
    input_tokens: 100,
    input_tokens_details: { cached_tokens: 40 },
    output_tokens: 50,
    output_tokens_details: { reasoning_tokens: 30 },
    total_tokens: 150,
  },
  incomplete_details: null,
  error: null,
};

describe("Responses decodeResponse", () => {
  test("output items become parts; function calls mean tool_calls; usage maps", () => {
    const response = openAIResponsesCodec.decodeResponse(upstreamBody);
    expect(response).toEqual({
      id: "resp_abc",
      model: "gpt-5-2025",
      created: 1700000000,
      parts: [
        { type: "reasoning", text: "Thinking", signature: { family: "openai-responses", value: "ENC" }, itemId: "rs_1" },
        { type: "text", text: "Let me check." },
        { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', itemId: "fc_1" },
      ],
      finishReason: "tool_calls",
      usage: { inputTokens: 100, outputTokens: 50, cachedInputTokens: 40, reasoningTokens: 30 },
    });
  });

  test("finish reasons from status and incomplete_details", () => {
    const finish = (fields: Record<string, unknown>, output: unknown[] = []) =>
      openAIResponsesCodec.decodeResponse({ id: "r", model: "m", output, ...fields }).finishReason;
    expect(finish({ status: "completed" })).toBe("stop");
    expect(finish({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } })).toBe("length");
    expect(finish({ status: "incomplete", incomplete_details: { reason: "content_filter" } })).toBe("content_filter");
    expect(finish({ status: "failed", error: { code: "server_error", message: "x" } })).toBe("error");
    const refusal = [{ type: "message", content: [{ type: "refusal", refusal: "I can't help with that." }] }];
    expect(finish({ status: "completed" }, refusal)).toBe("refusal");
    expect(openAIResponsesCodec.decodeResponse({ output: refusal }).parts).toEqual([{ type: "text", text: "I can't help with that." }]);
    expect(() => openAIResponsesCodec.decodeResponse("garbage")).not.toThrow();
  });
});

describe("Responses encodeResponse", () => {
  const irResponse: IrResponse = {
    id: "chatcmpl-123",
    model: "upstream-model",
    created: 1700000001,
    parts: [
      { type: "reasoning", text: "Plan", signature: { family: "openai-responses", value: "ENC" }, itemId: "rs_9" },
      { type: "reasoning", text: "Claude thoughts", signature: { family: "anthropic", value: "SIG" } },
      { type: "text", text: "Hello " },
      { type: "text", text: "there" },
      { type: "tool-call", id: "call_7", name: "lookup", arguments: '{"q":1}' },
    ],
    finishReason: "tool_calls",
    usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1 },
  };

  test("builds a completed response with items, ids and usage", () => {
    const body = openAIResponsesCodec.encodeResponse(irResponse, { requestedModel: "my-alias" }) as Record<string, any>;
    expect(body.id).toBe("resp_chatcmpl-123");
    expect(body.object).toBe("response");
    expect(body.created_at).toBe(1700000001);
    expect(body.status).toBe("completed");
    expect(body.model).toBe("my-alias");
    expect(body.error).toBeNull();
    expect(body.incomplete_details).toBeNull();
    expect(body.tools).toEqual([]);
    expect(body.usage).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 2, cache_write_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 1 },
      total_tokens: 15,
    });
    const [reasoning, foreign, message, call] = body.output;
    expect(reasoning).toEqual({ id: "rs_9", type: "reasoning", summary: [{ type: "summary_text", text: "Plan" }], encrypted_content: "ENC" });
    expect(foreign.type).toBe("reasoning");
    expect(foreign.id).toStartWith("rs_");
    expect("encrypted_content" in foreign).toBe(false);
    expect(message.id).toStartWith("msg_");
    expect(message.content.map((part: { text: string }) => part.text)).toEqual(["Hello ", "there"]);
    expect(call).toMatchObject({ type: "function_call", call_id: "call_7", name: "lookup", arguments: '{"q":1}', status: "completed" });
    expect(call.id).toStartWith("fc_");
  });

  test("length becomes status incomplete with max_output_tokens; a decoded Responses body survives the round trip", () => {
    const truncated = openAIResponsesCodec.encodeResponse({ ...irResponse, finishReason: "length" }, { requestedModel: "m" }) as Record<string, any>;
    expect(truncated.status).toBe("incomplete");
    expect(truncated.incomplete_details).toEqual({ reason: "max_output_tokens" });
    const again = openAIResponsesCodec.decodeResponse(openAIResponsesCodec.encodeResponse(openAIResponsesCodec.decodeResponse(upstreamBody), { requestedModel: "m" }));
    expect(again.parts).toEqual(openAIResponsesCodec.decodeResponse(upstreamBody).parts);
    expect(again.finishReason).toBe("tool_calls");
    expect(again.usage).toEqual({ inputTokens: 100, outputTokens: 50, cachedInputTokens: 40, reasoningTokens: 30 });
  });
});

describe("Responses errors", () => {
  test("errorBody has the OpenAI shape and decodeError reads it back", () => {
    const body = openAIResponsesCodec.errorBody({ status: 429, message: "Slow down", code: "rate_limit_exceeded" });
    expect(body).toEqual({ error: { message: "Slow down", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" } });
    expect(openAIResponsesCodec.decodeError!(429, body)).toEqual({ status: 429, message: "Slow down", type: "rate_limit_error", code: "rate_limit_exceeded" });
    expect(openAIResponsesCodec.errorBody({ status: 502, message: "Bad upstream" })).toEqual({
      error: { message: "Bad upstream", type: "server_error", param: null, code: null },
    });
    expect(openAIResponsesCodec.decodeError!(500, "oops").message).toBe("oops");
  });
});
