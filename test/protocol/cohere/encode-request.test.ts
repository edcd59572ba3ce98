import { describe, expect, test } from "bun:test";
import { GatewayError } from "../../../src/errors/gateway-errors.ts";
import { cohereCodec } from "../../../src/protocol/cohere/index.ts";
import type { IrRequest } from "../../../src/protocol/ir.ts";

const base: IrRequest = { model: "alias", stream: false, system: [], messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }] };

function bodyOf(request: Partial<IrRequest>, target: { model: string; maxOutputTokens?: number } = { model: "command-a-03-2025" }) {
  return cohereCodec.encodeRequest({ ...base, ...request }, target).body as Record<string, any>;
}

const tools = [
  { name: "search", description: "Search", parameters: { type: "object", properties: { q: { type: "string" } } } },
  { name: "now", parameters: { type: "object", properties: {} } },
];

describe("cohere encodeRequest", () => {
  test("POST /v2/chat with the target model; stream sent explicitly", () => {
    const encoded = cohereCodec.encodeRequest(base, { model: "command-a-03-2025" });
    expect(encoded.path).toBe("/v2/chat");
    expect(encoded.body).toEqual({ model: "command-a-03-2025", messages: [{ role: "user", content: "hi" }], stream: false });
    expect(bodyOf({ stream: true }).stream).toBe(true);
  });

  test("system as one system message; images as image_url parts (data URI or web URL) beside text", () => {
    const body = bodyOf({
      system: [{ type: "text", text: "one" }, { type: "text", text: "two" }],
      messages: [
        {
          role: "user",
          parts: [
            { type: "text", text: "compare" },
            { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0K" }, detail: "low" },
            { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: "system", content: "one\n\ntwo" },
      {
        role: "user",
        content: [
          { type: "text", text: "compare" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0K", detail: "low" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
        ],
      },
    ]);
  });

  test("audio and PDFs cannot go to Cohere's chat: a clear 400", () => {
    expect(() => bodyOf({ messages: [{ role: "user", parts: [{ type: "audio", data: "UklG", format: "wav" }] }] })).toThrow(GatewayError);
    expect(() => bodyOf({ messages: [{ role: "user", parts: [{ type: "document", source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0=" } }] }] })).toThrow(/document/);
  });

  test("an assistant turn that calls tools sends its text as tool_plan; results are tool messages with the call id", () => {
    const body = bodyOf({
      messages: [
        { role: "user", parts: [{ type: "text", text: "weather?" }] },
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "foreign reasoning is not replayed" },
            { type: "text", text: "I will check the weather." },
            { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
            { type: "tool-call", id: "call_2", name: "now", arguments: "" },
          ],
        },
        {
          role: "user",
          parts: [
            { type: "tool-result", toolCallId: "call_1", content: [{ type: "text", text: "11 degrees" }] },
            { type: "tool-result", toolCallId: "call_2", content: [{ type: "text", text: "no clock" }], isError: true },
          ],
        },
        { role: "assistant", parts: [{ type: "text", text: "It is 11 degrees." }] },
        { role: "user", parts: [{ type: "text", text: "thanks" }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        tool_plan: "I will check the weather.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "call_2", type: "function", function: { name: "now", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "11 degrees" },
      { role: "tool", tool_call_id: "call_2", content: "Error: no clock" },
      { role: "assistant", content: "It is 11 degrees." },
      { role: "user", content: "thanks" },
    ]);
  });

  test("tools are OpenAI-style; tool choice REQUIRED / NONE, a named tool is REQUIRED with only that tool; strict_tools when all are strict", () => {
    expect(bodyOf({ tools }).tools).toEqual([
      { type: "function", function: { name: "search", description: "Search", parameters: { type: "object", properties: { q: { type: "string" } } } } },
      { type: "function", function: { name: "now", parameters: { type: "object", properties: {} } } },
    ]);
    expect(bodyOf({ tools }).tool_choice).toBeUndefined();
    expect(bodyOf({ tools, toolChoice: { type: "auto" } }).tool_choice).toBeUndefined();
    expect(bodyOf({ tools, toolChoice: { type: "required" } }).tool_choice).toBe("REQUIRED");
    expect(bodyOf({ tools, toolChoice: { type: "none" } }).tool_choice).toBe("NONE");
    const named = bodyOf({ tools, toolChoice: { type: "tool", name: "now" } });
    expect(named.tool_choice).toBe("REQUIRED");
    expect(named.tools.map((tool: any) => tool.function.name)).toEqual(["now"]);
    expect(bodyOf({ tools }).strict_tools).toBeUndefined();
    expect(bodyOf({ tools: tools.map((tool) => ({ ...tool, strict: true })) }).strict_tools).toBe(true);
  });

  test("sampling under Cohere's names, max_tokens clamped to the catalog limit", () => {
    const body = bodyOf({ temperature: 0.3, topP: 0.8, topK: 40, maxOutputTokens: 9000, stop: ["END"], seed: 7, frequencyPenalty: 0.5, presencePenalty: 0.1 }, { model: "m", maxOutputTokens: 8000 });
    expect(body).toMatchObject({ temperature: 0.3, p: 0.8, k: 40, max_tokens: 8000, stop_sequences: ["END"], seed: 7, frequency_penalty: 0.5, presence_penalty: 0.1 });
  });

  test("JSON mode and JSON schema are response_format json_object (with json_schema)", () => {
    expect(bodyOf({ responseFormat: { type: "json_object" } }).response_format).toEqual({ type: "json_object" });
    const schema = { type: "object", properties: { age: { type: "integer" } }, required: ["age"] };
    expect(bodyOf({ responseFormat: { type: "json_schema", name: "person", schema } }).response_format).toEqual({ type: "json_object", json_schema: schema });
    expect(bodyOf({ responseFormat: { type: "text" } }).response_format).toBeUndefined();
  });

  test("reasoning maps to thinking enabled (with the budget) or disabled", () => {
    expect(bodyOf({}).thinking).toBeUndefined();
    expect(bodyOf({ reasoning: { enabled: true, budgetTokens: 2048 } }).thinking).toEqual({ type: "enabled", token_budget: 2048 });
    expect(bodyOf({ reasoning: { effort: "high" } }).thinking).toEqual({ type: "enabled" });
    expect(bodyOf({ reasoning: { effort: "none" } }).thinking).toEqual({ type: "disabled" });
    expect(bodyOf({ reasoning: { enabled: false } }).thinking).toEqual({ type: "disabled" });
  });

  test("the client-side methods refuse: no client speaks Cohere's format", () => {
    expect(() => cohereCodec.decodeRequest({ model: "x", messages: [] })).toThrow(/only to upstreams/);
    expect(() => cohereCodec.encodeResponse({ id: "x", model: "m", created: 0, parts: [], finishReason: "stop" }, { requestedModel: "m" })).toThrow(GatewayError);
  });
});
