import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../src/protocol/gemini/index.ts";
import type { IrResponse } from "../../../src/protocol/ir.ts";

describe("gemini decodeResponse", () => {
  test("thoughts, text, calls, finish and usage", () => {
    const response = geminiCodec.decodeResponse({
      candidates: [
        {
          content: {
            role: "model",
            parts: [
              { text: "Plan: call the tool.", thought: true },
              { text: "Checking." },
              { functionCall: { name: "get_weather", args: { city: "Oslo" } }, thoughtSignature: "c2ln" },
              { functionCall: { id: "g-2", name: "get_time", args: {} } },
            ],
          },
          finishReason: "STOP",
          index: 0,
          safetyRatings: [],
        },
      ],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, thoughtsTokenCount: 30, toolUsePromptTokenCount: 5, cachedContentTokenCount: 60, totalTokenCount: 155 },
      modelVersion: "gemini-2.5-flash",
      responseId: "resp-1",
      someNewField: { ignored: true },
    });
    expect(response.id).toBe("resp-1");
    expect(response.model).toBe("gemini-2.5-flash");
    expect(response.finishReason).toBe("tool_calls");
    expect(response.usage).toEqual({ inputTokens: 105, outputTokens: 50, cachedInputTokens: 60, reasoningTokens: 30 });
    expect(response.parts[0]).toEqual({ type: "reasoning", text: "Plan: call the tool." });
    expect(response.parts[1]).toEqual({ type: "text", text: "Checking." });
    expect(response.parts[2]).toMatchObject({ type: "tool-call", name: "get_weather", arguments: '{"city":"Oslo"}', signature: { family: "gemini", value: "c2ln" } });
    expect((response.parts[2] as { id: string }).id).toStartWith("call_");
    expect(response.parts[3]).toEqual({ type: "tool-call", id: "g-2", name: "get_time", arguments: "{}" });
  });

  test("finish reasons and blocked prompts", () => {
    const finishOf = (finishReason: string) => geminiCodec.decodeResponse({ candidates: [{ content: { parts: [{ text: "x" }] }, finishReason }] }).finishReason;
    expect(finishOf("STOP")).toBe("stop");
    expect(finishOf("MAX_TOKENS")).toBe("length");
    expect(finishOf("SAFETY")).toBe("content_filter");
    expect(finishOf("RECITATION")).toBe("content_filter");
    expect(finishOf("PROHIBITED_CONTENT")).toBe("content_filter");
    expect(finishOf("MALFORMED_FUNCTION_CALL")).toBe("error");
    expect(finishOf("LANGUAGE")).toBe("other");
    const blocked = geminiCodec.decodeResponse({ promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 } });
    expect(blocked.finishReason).toBe("content_filter");
    expect(blocked.parts).toEqual([]);
    expect(blocked.usage).toEqual({ inputTokens: 9, outputTokens: 0 });
    expect(geminiCodec.decodeResponse("nonsense").parts).toEqual([]);
    // Signature-only parts keep their signature on an empty part of the right kind.
    const signatureOnly = geminiCodec.decodeResponse({ candidates: [{ content: { parts: [{ thought: true, thoughtSignature: "cg==" }, { thoughtSignature: "dA==" }, { executableCode: {} }] } }] });
    expect(signatureOnly.parts).toEqual([
      { type: "reasoning", text: "", signature: { family: "gemini", value: "cg==" } },
      { type: "text", text: "", signature: { family: "gemini", value: "dA==" } },
    ]);
  });
});

describe("gemini encodeResponse", () => {
  test("one candidate with Gemini usage counting and the requested model", () => {
    const response: IrResponse = {
      id: "chatcmpl-1",
      model: "gpt-5",
      created: 1,
      parts: [
        { type: "reasoning", text: "hmm", signature: { family: "anthropic", value: "x" } },
        { type: "reasoning", text: "signed", signature: { family: "gemini", value: "Z2Vt" } },
        { type: "text", text: "Calling." },
        { type: "tool-call", id: "call_abc", name: "lookup", arguments: '{"q":"x"}' },
      ],
      finishReason: "tool_calls",
      usage: { inputTokens: 50, outputTokens: 30, reasoningTokens: 10, cachedInputTokens: 20 },
    };
    expect(geminiCodec.encodeResponse(response, { requestedModel: "my-combo" })).toEqual({
      candidates: [
        {
          content: {
            role: "model",
            parts: [
              { text: "hmm", thought: true },
              { text: "signed", thought: true, thoughtSignature: "Z2Vt" },
              { text: "Calling." },
              { functionCall: { name: "lookup", args: { q: "x" }, id: "call_abc" } },
            ],
          },
          finishReason: "STOP",
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 50, candidatesTokenCount: 20, thoughtsTokenCount: 10, totalTokenCount: 80, cachedContentTokenCount: 20 },
      modelVersion: "my-combo",
      responseId: "chatcmpl-1",
    });
  });

  test("decode → encode keeps text and call signatures", () => {
    const upstream = {
      candidates: [
        {
          content: { role: "model", parts: [{ text: "Done.", thoughtSignature: "dA==" }, { functionCall: { id: "f1", name: "save", args: { n: 1 } }, thoughtSignature: "Zg==" }] },
          finishReason: "STOP",
          index: 0,
        },
      ],
      modelVersion: "gemini-3-pro-preview",
      responseId: "r",
    };
    const encoded = geminiCodec.encodeResponse(geminiCodec.decodeResponse(upstream), { requestedModel: "gemini-3-pro-preview" }) as typeof upstream;
    expect(encoded.candidates[0]!.content.parts).toEqual(upstream.candidates[0]!.content.parts as never);
    expect(encoded.candidates[0]!.finishReason).toBe("STOP");
  });
});

describe("gemini errors", () => {
  test("errorBody uses Google's status names", () => {
    expect(geminiCodec.errorBody({ status: 400, message: "bad" })).toEqual({ error: { code: 400, message: "bad", status: "INVALID_ARGUMENT" } });
    expect(geminiCodec.errorBody({ status: 401, message: "key" })).toEqual({ error: { code: 401, message: "key", status: "UNAUTHENTICATED" } });
    expect(geminiCodec.errorBody({ status: 429, message: "slow down", type: "rate_limit_error" })).toEqual({
      error: { code: 429, message: "slow down", status: "RESOURCE_EXHAUSTED" },
    });
    expect(geminiCodec.errorBody({ status: 503, message: "x" })).toMatchObject({ error: { status: "UNAVAILABLE" } });
    expect(geminiCodec.errorBody({ status: 504, message: "x" })).toMatchObject({ error: { status: "DEADLINE_EXCEEDED" } });
    expect(geminiCodec.errorBody({ status: 400, message: "x", type: "FAILED_PRECONDITION" })).toMatchObject({ error: { status: "FAILED_PRECONDITION" } });
  });

  test("decodeError reads status, message and the ErrorInfo reason", () => {
    const body = {
      error: {
        code: 429,
        message: "Quota exceeded for metric generate_content_free_tier_requests",
        status: "RESOURCE_EXHAUSTED",
        details: [
          { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "37s" },
        ],
      },
    };
    expect(geminiCodec.decodeError!(429, body)).toEqual({
      status: 429,
      message: "Quota exceeded for metric generate_content_free_tier_requests",
      type: "RESOURCE_EXHAUSTED",
      code: null,
    });
    const invalidKey = [{ error: { code: 400, message: "API key not valid.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }] } }];
    expect(geminiCodec.decodeError!(400, invalidKey)).toEqual({ status: 400, message: "API key not valid.", type: "INVALID_ARGUMENT", code: "API_KEY_INVALID" });
    expect(geminiCodec.decodeError!(502, "<html>")).toMatchObject({ status: 502, message: "Upstream returned HTTP 502" });
  });
});
