// IR → Converse request: path and encoded model id, merged turns, content blocks (images as bytes, documents with
// clean names, cache points, tool ids Bedrock accepts), tools the history needs, structured output, and the
// Claude-only additionalModelRequestFields (thinking budget, top_k) with the sampling thinking forbids.
import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../../../src/errors/gateway-errors.ts";
import { encodeBedrockConverseRequest } from "../../../src/protocol/bedrock-converse/encode-request.ts";
import type { IrRequest } from "../../../src/protocol/ir.ts";

const claude = { model: "anthropic.claude-sonnet-4-5-20250929-v1:0", maxOutputTokens: 64000 };
const request = (fields: Partial<IrRequest>): IrRequest => ({ model: "m", system: [], messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }], stream: false, ...fields });
const body = (fields: Partial<IrRequest>, target = claude) => encodeBedrockConverseRequest(request(fields), target).body as Record<string, any>;

describe("Bedrock Converse request", () => {
  test("the model id is URL-encoded in the path; streams go to converse-stream", () => {
    expect(encodeBedrockConverseRequest(request({}), claude).path).toBe("/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse");
    expect(encodeBedrockConverseRequest(request({ stream: true }), claude).path).toBe("/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream");
    expect(body({})).toEqual({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
  });

  test("system text with a cache point, merged same-role turns, images as bytes, documents with clean names", () => {
    const encoded = body({
      system: [{ type: "text", text: "be brief", cacheControl: { type: "ephemeral" } }],
      messages: [
        { role: "user", parts: [{ type: "text", text: "look" }] },
        { role: "user", parts: [{ type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBOR" } }, { type: "document", filename: "Q3 report (final).pdf", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" } }] },
      ],
    });
    expect(encoded.system).toEqual([{ text: "be brief" }, { cachePoint: { type: "default" } }]);
    expect(encoded.messages).toEqual([
      { role: "user", content: [{ text: "look" }, { image: { format: "png", source: { bytes: "iVBOR" } } }, { document: { format: "pdf", name: "Q3 report (final)", source: { bytes: "JVBER" } } }] },
    ]);
  });

  test("an image URL cannot be sent: Bedrock fetches nothing from the web", () => {
    expect(() => body({ messages: [{ role: "user", parts: [{ type: "image", source: { kind: "url", url: "https://example.com/cat.png" } }] }] })).toThrow(InvalidRequestError);
  });

  test("tool calls and results: object input, ids rewritten the same way on both sides, error status", () => {
    const encoded = body({
      tools: [{ name: "search", parameters: { type: "object", properties: { q: { type: "string" } } } }],
      messages: [
        { role: "user", parts: [{ type: "text", text: "find" }] },
        { role: "assistant", parts: [{ type: "tool-call", id: "call.abc:1", name: "search", arguments: '{"q":"x"}' }] },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "call.abc:1", content: [{ type: "text", text: "failed" }], isError: true }] },
      ],
    });
    expect(encoded.messages[1].content).toEqual([{ toolUse: { toolUseId: "call_abc_1", name: "search", input: { q: "x" } } }]);
    expect(encoded.messages[2].content).toEqual([{ toolResult: { toolUseId: "call_abc_1", content: [{ text: "failed" }], status: "error" } }]);
    expect(encoded.toolConfig).toEqual({ tools: [{ toolSpec: { name: "search", inputSchema: { json: { type: "object", properties: { q: { type: "string" } } } } } }] });
  });

  test("a history with tool blocks but no tools offered still declares the tools it used", () => {
    const encoded = body({
      messages: [
        { role: "user", parts: [{ type: "text", text: "find" }] },
        { role: "assistant", parts: [{ type: "tool-call", id: "t1", name: "lookup", arguments: "{}" }] },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "t1", content: [] }] },
      ],
      toolChoice: { type: "none" },
    });
    expect(encoded.toolConfig).toEqual({ tools: [{ toolSpec: { name: "lookup", inputSchema: { json: { type: "object" } } } }] });
    expect(encoded.messages[2].content[0].toolResult.content).toEqual([{ text: "(no output)" }]);
  });

  test("structured output is outputConfig.textFormat with the schema as a JSON string", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(body({ responseFormat: { type: "json_schema", name: "answer", schema } }).outputConfig).toEqual({
      textFormat: { type: "json_schema", structure: { jsonSchema: { name: "answer", schema: JSON.stringify(schema) } } },
    });
  });

  test("Claude: a thinking budget in additionalModelRequestFields, max tokens above it, no temperature", () => {
    const encoded = body({ reasoning: { enabled: true, budgetTokens: 2048 }, temperature: 0.2, maxOutputTokens: 1000 });
    expect(encoded.additionalModelRequestFields).toEqual({ thinking: { type: "enabled", budget_tokens: 2048 } });
    expect(encoded.inferenceConfig).toEqual({ maxTokens: 3048 });
  });

  test("Claude: thinking is left off with a forced tool and in a tool loop without Bedrock-signed reasoning", () => {
    const tools = [{ name: "search", parameters: { type: "object" } }];
    expect(body({ reasoning: { enabled: true, budgetTokens: 2048 }, tools, toolChoice: { type: "required" } }).additionalModelRequestFields).toBeUndefined();
    const loop: IrRequest["messages"] = [
      { role: "user", parts: [{ type: "text", text: "find" }] },
      { role: "assistant", parts: [{ type: "reasoning", text: "hmm", signature: { family: "anthropic", value: "sig" } }, { type: "tool-call", id: "t1", name: "search", arguments: "{}" }] },
      { role: "user", parts: [{ type: "tool-result", toolCallId: "t1", content: [{ type: "text", text: "ok" }] }] },
    ];
    expect(body({ reasoning: { enabled: true, budgetTokens: 2048 }, tools, messages: loop }).additionalModelRequestFields).toBeUndefined();
    loop[1]!.parts[0] = { type: "reasoning", text: "hmm", signature: { family: "bedrock-converse", value: "sig" } };
    const replayed = body({ reasoning: { enabled: true, budgetTokens: 2048 }, tools, messages: loop });
    expect(replayed.additionalModelRequestFields.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(replayed.messages[1].content[0]).toEqual({ reasoningContent: { reasoningText: { text: "hmm", signature: "sig" } } });
  });

  test("cross-region profiles are Claude too; other makers get no additional fields", () => {
    expect(body({ topK: 5 }, { model: "us.anthropic.claude-haiku-4-5-20251001-v1:0", maxOutputTokens: 64000 }).additionalModelRequestFields).toEqual({ top_k: 5 });
    expect(body({ topK: 5, reasoning: { enabled: true, budgetTokens: 2048 }, temperature: 0.3 }, { model: "openai.gpt-oss-120b-1:0", maxOutputTokens: 16384 })).toMatchObject({
      inferenceConfig: { temperature: 0.3 },
    });
    expect(body({ topK: 5 }, { model: "openai.gpt-oss-120b-1:0", maxOutputTokens: 16384 }).additionalModelRequestFields).toBeUndefined();
  });
});
