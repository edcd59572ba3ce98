import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../src/protocol/gemini/index.ts";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { toolTurn } from "./stream-fixtures.ts";


function encodeAll(events: IrStreamEvent[], framing?: "sse" | "json-array"): string {
  const encoder = geminiCodec.createStreamEncoder({ requestedModel: "my-model", includeUsage: false, framing });
  return events.map((event) => encoder.encode(event)).join("") + encoder.end();
}

const expectedObjects = [
  { candidates: [{ content: { role: "model", parts: [{ text: "Need the weather.", thought: true }] }, index: 0 }], modelVersion: "my-model", responseId: "resp-9" },
  { candidates: [{ content: { role: "model", parts: [{ text: "Let me " }] }, index: 0 }], modelVersion: "my-model", responseId: "resp-9" },
  { candidates: [{ content: { role: "model", parts: [{ text: "check." }] }, index: 0 }], modelVersion: "my-model", responseId: "resp-9" },
  {
    candidates: [{ content: { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Oslo" }, id: "toolu_1" } }] }, index: 0 }],
    modelVersion: "my-model",
    responseId: "resp-9",
  },
  {
    candidates: [{ finishReason: "STOP", index: 0 }],
    modelVersion: "my-model",
    responseId: "resp-9",
    usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 20, thoughtsTokenCount: 5, totalTokenCount: 65 },
  },
];

describe("gemini stream encoder", () => {
  test("sse framing: one data event per chunk, \\r\\n\\r\\n separated, whole function call, usage on the finish chunk", () => {
    const text = encodeAll(toolTurn);
    expect(text.endsWith("\r\n\r\n")).toBe(true);
    const events = text.split("\r\n\r\n").filter(Boolean);
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
    expect(events.map((event) => JSON.parse(event.slice("data: ".length)))).toEqual(expectedObjects);
  });

  test("json-array framing: the same objects as one JSON array", () => {
    const text = encodeAll(toolTurn, "json-array");
    expect(text.startsWith("[{")).toBe(true);
    expect(text.endsWith("}]")).toBe(true);
    expect(JSON.parse(text)).toEqual(expectedObjects);
    expect(JSON.parse(encodeAll([{ type: "error", error: { status: 500, message: "boom" } }], "json-array"))).toEqual([
      { error: { code: 500, message: "boom", status: "INTERNAL" } },
    ]);
  });

  test("gemini signatures are written on their parts; unclosed calls are flushed before the finish", () => {
    const text = encodeAll([
      { type: "start", id: "r", model: "m" },
      { type: "text-delta", text: "Hi" },
      { type: "text-signature", signature: { family: "gemini", value: "dA==" } },
      { type: "tool-call-start", index: 0, id: "f1", name: "save", signature: { family: "gemini", value: "Zg==" } },
      { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      { type: "finish", reason: "stop" },
    ]);
    const parts = text
      .split("\r\n\r\n")
      .filter(Boolean)
      .map((event) => JSON.parse(event.slice(6)).candidates[0].content?.parts?.[0]);
    expect(parts).toEqual([{ text: "Hi" }, { text: "", thoughtSignature: "dA==" }, { functionCall: { name: "save", args: {}, id: "f1" }, thoughtSignature: "Zg==" }, undefined]);
  });

  test("an error becomes Google's error chunk", () => {
    const text = encodeAll([
      { type: "start", id: "r", model: "m" },
      { type: "error", error: { status: 429, message: "Quota exceeded" } },
    ]);
    expect(text).toBe('data: {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}\r\n\r\n');
  });

  test("encoder output decodes back to the same events", () => {
    const decoder = geminiCodec.createStreamDecoder();
    const events = encodeAll(toolTurn)
      .split("\r\n\r\n")
      .filter(Boolean)
      .flatMap((event) => decoder.push({ data: event.slice(6) }));
    events.push(...decoder.end());
    expect(events.map((event) => event.type)).toEqual([
      "start",
      "reasoning-delta",
      "text-delta",
      "text-delta",
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "usage",
      "finish",
    ]);
    expect(events.at(-2)).toEqual({ type: "usage", usage: { inputTokens: 40, outputTokens: 25, reasoningTokens: 5 } });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls" });
  });
});
