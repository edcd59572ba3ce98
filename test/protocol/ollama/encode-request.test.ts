import { describe, expect, test } from "bun:test";
import { GatewayError } from "../../../src/errors/gateway-errors.ts";
import type { IrRequest } from "../../../src/protocol/ir.ts";
import { ollamaCodec } from "../../../src/protocol/ollama/index.ts";

const base: IrRequest = { model: "alias", stream: false, system: [], messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }] };

function bodyOf(request: Partial<IrRequest>, target: { model: string; maxOutputTokens?: number } = { model: "llama3.2:latest" }) {
  return ollamaCodec.encodeRequest({ ...base, ...request }, target).body as Record<string, any>;
}

describe("ollama encodeRequest", () => {
  test("POST /api/chat (the base URL has no /v1) with the target model and `stream` always explicit", () => {
    const encoded = ollamaCodec.encodeRequest(base, { model: "llama3.2:latest" });
    expect(encoded.path).toBe("/api/chat");
    expect(encoded.body).toEqual({ model: "llama3.2:latest", messages: [{ role: "user", content: "hi" }], stream: false });
    expect(bodyOf({ stream: true }).stream).toBe(true);
  });

  test("system instructions become one system message; images go as raw base64 beside the text", () => {
    const body = bodyOf({
      system: [{ type: "text", text: "one" }, { type: "text", text: "two" }],
      messages: [
        {
          role: "user",
          parts: [
            { type: "text", text: "look at" },
            { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0K" } },
            { type: "image", source: { kind: "url", url: "data:image/jpeg;base64,/9j/4AAQ" } },
            { type: "text", text: "these" },
            { type: "document", source: { kind: "text", text: "a plain doc" } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: "system", content: "one\n\ntwo" },
      { role: "user", content: "look at\nthese\na plain doc", images: ["iVBORw0K", "/9j/4AAQ"] },
    ]);
  });

  test("an image URL, a PDF or audio cannot go to Ollama: a clear 400, not a silent drop", () => {
    const attempt = (parts: IrRequest["messages"][number]["parts"]) => () => bodyOf({ messages: [{ role: "user", parts }] });
    for (const parts of [
      [{ type: "image" as const, source: { kind: "url" as const, url: "https://example.com/cat.png" } }],
      [{ type: "document" as const, source: { kind: "base64" as const, mediaType: "application/pdf", data: "JVBERi0=" }, filename: "a.pdf" }],
      [{ type: "audio" as const, data: "UklG", format: "wav" }],
    ]) {
      expect(attempt(parts)).toThrow(GatewayError);
    }
    expect(attempt([{ type: "image", source: { kind: "url", url: "https://example.com/cat.png" } }])).toThrow(/base64/);
  });

  test("assistant tool calls carry object arguments; results become tool messages naming the tool", () => {
    const body = bodyOf({
      messages: [
        { role: "user", parts: [{ type: "text", text: "weather?" }] },
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "I should look it up" },
            { type: "text", text: "Checking." },
            { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
            { type: "tool-call", id: "toolu_2", name: "get_time", arguments: "" },
          ],
        },
        {
          role: "user",
          parts: [
            { type: "tool-result", toolCallId: "call_1", content: [{ type: "text", text: "11 degrees" }] },
            { type: "tool-result", toolCallId: "toolu_2", name: "get_time", content: [{ type: "text", text: "no clock" }], isError: true },
            { type: "text", text: "thanks" },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        content: "Checking.",
        thinking: "I should look it up",
        tool_calls: [
          { id: "call_1", function: { name: "get_weather", arguments: { city: "Paris" } } },
          { id: "toolu_2", function: { name: "get_time", arguments: {} } },
        ],
      },
      { role: "tool", content: "11 degrees", tool_name: "get_weather", tool_call_id: "call_1" },
      { role: "tool", content: "Error: no clock", tool_name: "get_time", tool_call_id: "toolu_2" },
      { role: "user", content: "thanks" },
    ]);
  });

  test("tools are OpenAI-style functions; tool choice none sends none, a named tool only that one", () => {
    const tools = [
      { name: "search", description: "Search", parameters: { type: "object", properties: { q: { type: "string" } } } },
      { name: "now", parameters: { type: "object", properties: {} } },
    ];
    expect(bodyOf({ tools }).tools).toEqual([
      { type: "function", function: { name: "search", description: "Search", parameters: { type: "object", properties: { q: { type: "string" } } } } },
      { type: "function", function: { name: "now", parameters: { type: "object", properties: {} } } },
    ]);
    expect(bodyOf({ tools, toolChoice: { type: "none" } }).tools).toBeUndefined();
    expect(bodyOf({ tools, toolChoice: { type: "tool", name: "now" } }).tools.map((tool: any) => tool.function.name)).toEqual(["now"]);
  });

  test("sampling and length go in options, max tokens as num_predict clamped to the catalog limit", () => {
    const body = bodyOf({ temperature: 0.2, topP: 0.9, topK: 40, maxOutputTokens: 9000, stop: ["END"], seed: 7, frequencyPenalty: 0.5, presencePenalty: 0.1 }, { model: "m", maxOutputTokens: 4096 });
    expect(body.options).toEqual({ temperature: 0.2, top_p: 0.9, top_k: 40, num_predict: 4096, stop: ["END"], seed: 7, frequency_penalty: 0.5, presence_penalty: 0.1 });
    expect(bodyOf({}).options).toBeUndefined();
  });

  test("JSON mode is format \"json\", a JSON schema is the format itself", () => {
    expect(bodyOf({ responseFormat: { type: "json_object" } }).format).toBe("json");
    const schema = { type: "object", properties: { age: { type: "integer" } }, required: ["age"] };
    expect(bodyOf({ responseFormat: { type: "json_schema", name: "person", schema } }).format).toEqual(schema);
    expect(bodyOf({ responseFormat: { type: "text" } }).format).toBeUndefined();
  });

  test("reasoning maps to think: true, a level for low/high effort, false when switched off", () => {
    expect(bodyOf({}).think).toBeUndefined();
    expect(bodyOf({ reasoning: { enabled: true, budgetTokens: 1024 } }).think).toBe(true);
    expect(bodyOf({ reasoning: { effort: "medium" } }).think).toBe(true);
    expect(bodyOf({ reasoning: { includeThoughts: true } }).think).toBe(true);
    expect(bodyOf({ reasoning: { effort: "low" } }).think).toBe("low");
    expect(bodyOf({ reasoning: { effort: "xhigh" } }).think).toBe("high");
    expect(bodyOf({ reasoning: { effort: "none" } }).think).toBe(false);
    expect(bodyOf({ reasoning: { enabled: false } }).think).toBe(false);
  });

  test("the client-side methods refuse: no client speaks Ollama's native format", () => {
    expect(() => ollamaCodec.decodeRequest({ model: "x", messages: [] })).toThrow(/only to upstreams/);
    expect(() => ollamaCodec.createStreamEncoder({ requestedModel: "x", includeUsage: false })).toThrow(GatewayError);
  });
});
