import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../src/protocol/gemini/index.ts";
import type { IrRequest } from "../../../src/protocol/ir.ts";

const base: IrRequest = { model: "alias", stream: false, system: [], messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }] };

function bodyOf(request: Partial<IrRequest>, target: { model: string; maxOutputTokens?: number } = { model: "gemini-3-flash-preview" }) {
  return geminiCodec.encodeRequest({ ...base, ...request }, target).body as Record<string, any>;
}

describe("gemini encodeRequest", () => {
  test("path names the model and the method", () => {
    expect(geminiCodec.encodeRequest(base, { model: "gemini-2.5-flash" }).path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(geminiCodec.encodeRequest({ ...base, stream: true }, { model: "gemini-2.5-flash" }).path).toBe(
      "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
  });

  test("system, merged turns, media and tools", () => {
    const body = bodyOf({
      system: [{ type: "text", text: "one" }, { type: "text", text: "two" }],
      messages: [
        { role: "user", parts: [{ type: "text", text: "look" }] },
        {
          role: "user",
          parts: [
            { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBOR" } },
            { type: "image", source: { kind: "url", url: "https://example.com/a.jpg?x=1" } },
            { type: "document", source: { kind: "text", text: "plain doc" } },
            { type: "audio", data: "UklG", format: "wav" },
          ],
        },
        { role: "assistant", parts: [{ type: "reasoning", text: "unsigned thoughts are dropped" }] },
      ],
      tools: [
        { name: "search", description: "Search", parameters: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { q: { type: "string" } }, required: ["q"] } },
        { name: "now", parameters: { type: "object", properties: {} } },
      ],
      toolChoice: { type: "tool", name: "search" },
    });
    expect(body.systemInstruction).toEqual({ parts: [{ text: "one" }, { text: "two" }] });
    expect(body.contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "look" },
          { inlineData: { mimeType: "image/png", data: "iVBOR" } },
          { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/a.jpg?x=1" } },
          { text: "plain doc" },
          { inlineData: { mimeType: "audio/wav", data: "UklG" } },
        ],
      },
    ]);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          { name: "search", description: "Search", parametersJsonSchema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } },
          { name: "now" },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["search"] } });
    expect(body.generationConfig).toBeUndefined();
  });

  test("tool choice modes", () => {
    const tools = [{ name: "a", parameters: {} }];
    expect(bodyOf({ tools, toolChoice: { type: "auto" } }).toolConfig).toEqual({ functionCallingConfig: { mode: "AUTO" } });
    expect(bodyOf({ tools, toolChoice: { type: "none" } }).toolConfig).toEqual({ functionCallingConfig: { mode: "NONE" } });
    expect(bodyOf({ tools, toolChoice: { type: "required" } }).toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
  });

  test("generation config: sampling, stop, clamped max tokens, structured output", () => {
    const body = bodyOf(
      {
        temperature: 0.5,
        topP: 0.8,
        topK: 20,
        maxOutputTokens: 128000,
        stop: ["###"],
        seed: 3,
        presencePenalty: 0.2,
        frequencyPenalty: 0.4,
        responseFormat: { type: "json_schema", name: "answer", schema: { type: "object", properties: { a: { type: "number" } } }, strict: true },
      },
      { model: "gemini-2.5-flash", maxOutputTokens: 65536 },
    );
    expect(body.generationConfig).toEqual({
      temperature: 0.5,
      topP: 0.8,
      topK: 20,
      maxOutputTokens: 65536,
      stopSequences: ["###"],
      seed: 3,
      presencePenalty: 0.2,
      frequencyPenalty: 0.4,
      responseMimeType: "application/json",
      responseJsonSchema: { type: "object", properties: { a: { type: "number" } } },
    });
    expect(bodyOf({ responseFormat: { type: "json_object" } }).generationConfig).toEqual({ responseMimeType: "application/json" });
    expect(bodyOf({ responseFormat: { type: "text" } }).generationConfig).toBeUndefined();
  });

  test("thinking: levels for Gemini 3, budgets for Gemini 2.x and unnamed aliases, never both", () => {
    const thinking = (reasoning: IrRequest["reasoning"], model: string) => bodyOf({ reasoning }, { model }).generationConfig?.thinkingConfig;
    expect(thinking({ effort: "high" }, "gemini-3-pro-preview")).toEqual({ thinkingLevel: "HIGH", includeThoughts: true });
    expect(thinking({ effort: "xhigh" }, "gemini-3-pro-preview")).toEqual({ thinkingLevel: "HIGH", includeThoughts: true });
    expect(thinking({ effort: "minimal" }, "gemini-3-flash-preview")).toEqual({ thinkingLevel: "MINIMAL", includeThoughts: true });
    expect(thinking({ effort: "low" }, "models/gemini-2.5-flash")).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(thinking({ budgetTokens: 4096, effort: "high" }, "gemini-3-pro-preview")).toEqual({ thinkingBudget: 4096, includeThoughts: true });
    expect(thinking({ effort: "high" }, "gemini-flash-latest")).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(thinking({ enabled: false }, "gemini-2.5-flash")).toEqual({ thinkingBudget: 0 });
    expect(thinking({ effort: "none" }, "gemini-flash-latest")).toBeUndefined();
    expect(thinking({ enabled: false }, "gemini-3-pro-preview")).toBeUndefined();
    expect(thinking({ enabled: true }, "gemini-3-pro-preview")).toEqual({ includeThoughts: true });
    expect(thinking({ effort: "medium", includeThoughts: false }, "gemini-3-flash-preview")).toEqual({ thinkingLevel: "MEDIUM", includeThoughts: false });
  });

  test("a file id from another provider is refused", () => {
    expect(() => bodyOf({ messages: [{ role: "user", parts: [{ type: "document", source: { kind: "file-id", fileId: "file-abc" } }] }] })).toThrow("file-abc");
  });
});
