// The encoders' output must parse in the real @google/genai SDK: a tiny server answers the SDK's requests with
// what the codec writes, and the SDK's own accessors (text, functionCalls, usageMetadata) read it back.
import { GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../src/protocol/gemini/index.ts";
import type { IrRequest, IrResponse, IrStreamEvent } from "../../../src/protocol/ir.ts";
import { toolTurn } from "./stream-fixtures.ts";

const textTurn: IrStreamEvent[] = [
  { type: "start", id: "resp-text", model: "upstream" },
  { type: "reasoning-delta", text: "Thinking about greetings." },
  { type: "text-delta", text: "Hello" },
  { type: "text-delta", text: ", world!" },
  { type: "usage", usage: { inputTokens: 8, outputTokens: 12, reasoningTokens: 9 } },
  { type: "finish", reason: "stop" },
];

const fullResponse: IrResponse = {
  id: "resp-full",
  model: "upstream",
  created: 0,
  parts: [
    { type: "reasoning", text: "A tool is needed.", signature: { family: "gemini", value: "c2ln" } },
    { type: "text", text: "Looking it up." },
    { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Lima"}', signature: { family: "gemini", value: "Y2FsbA==" } },
  ],
  finishReason: "tool_calls",
  usage: { inputTokens: 20, outputTokens: 15, reasoningTokens: 5, cachedInputTokens: 4 },
};

let server: ReturnType<typeof Bun.serve>;
let client: GoogleGenAI;
const received: IrRequest[] = [];

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const decoded = geminiCodec.decodeRequest(await request.json());
      received.push(decoded);
      if (url.pathname.endsWith(":generateContent")) {
        return Response.json(geminiCodec.encodeResponse(fullResponse, { requestedModel: "gemini-test" }));
      }
      const events = decoded.messages.at(-1)?.parts.some((part) => part.type === "text" && part.text === "use a tool") ? toolTurn : textTurn;
      const encoder = geminiCodec.createStreamEncoder({ requestedModel: "gemini-test", includeUsage: true, framing: url.searchParams.get("alt") === "sse" ? "sse" : "json-array" });
      const stream = new ReadableStream({
        start(controller) {
          for (const event of events) controller.enqueue(new TextEncoder().encode(encoder.encode(event)));
          controller.enqueue(new TextEncoder().encode(encoder.end()));
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    },
  });
  client = new GoogleGenAI({ apiKey: "x", httpOptions: { baseUrl: `http://127.0.0.1:${server.port}` } });
});

afterAll(() => server.stop(true));

describe("@google/genai parses the codec's output", () => {
  test("generateContent: text, thought, function call with id and signature, usage", async () => {
    const response = await client.models.generateContent({
      model: "gemini-test",
      contents: "weather in Lima?",
      config: { systemInstruction: "Be terse.", temperature: 0.3, thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    });
    expect(response.text).toBe("Looking it up.");
    expect(response.functionCalls).toEqual([{ name: "get_weather", args: { city: "Lima" }, id: "call_1" }]);
    expect(response.candidates?.[0]?.content?.parts?.[0]).toEqual({ text: "A tool is needed.", thought: true, thoughtSignature: "c2ln" });
    expect(response.candidates?.[0]?.content?.parts?.[2]?.thoughtSignature).toBe("Y2FsbA==");
    expect(response.usageMetadata).toEqual({ promptTokenCount: 20, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 35, cachedContentTokenCount: 4 });
    expect(response.modelVersion).toBe("gemini-test");
    // And what the SDK sent decodes to the expected IR.
    expect(received.at(-1)).toMatchObject({
      system: [{ type: "text", text: "Be terse." }],
      messages: [{ role: "user", parts: [{ type: "text", text: "weather in Lima?" }] }],
      temperature: 0.3,
      reasoning: { includeThoughts: true, enabled: true, budgetTokens: 1024 },
    });
  });

  test("generateContentStream: text chunks and usage on the last chunk", async () => {
    const stream = await client.models.generateContentStream({ model: "gemini-test", contents: "say hello" });
    let text = "";
    let thoughts = "";
    let usage: unknown;
    let finishReason: unknown;
    for await (const chunk of stream) {
      text += chunk.text ?? "";
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) if (part.thought) thoughts += part.text ?? "";
      usage = chunk.usageMetadata ?? usage;
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    }
    expect(text).toBe("Hello, world!");
    expect(thoughts).toBe("Thinking about greetings.");
    expect(finishReason).toBe("STOP");
    expect(usage).toEqual({ promptTokenCount: 8, candidatesTokenCount: 3, thoughtsTokenCount: 9, totalTokenCount: 20 });
  });

  test("generateContentStream: a function call arrives whole with its id", async () => {
    const stream = await client.models.generateContentStream({
      model: "gemini-test",
      contents: "use a tool",
      config: { tools: [{ functionDeclarations: [{ name: "get_weather", parametersJsonSchema: { type: "object", properties: { city: { type: "string" } } } }] }] },
    });
    const calls: unknown[] = [];
    let text = "";
    for await (const chunk of stream) {
      calls.push(...(chunk.functionCalls ?? []));
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) if (!part.thought) text += part.text ?? "";
    }
    expect(text).toBe("Let me check.");
    expect(calls).toEqual([{ name: "get_weather", args: { city: "Oslo" }, id: "toolu_1" }]);
    expect(received.at(-1)?.tools).toEqual([{ name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } }]);
  });

  test("a multi-turn history with function calls from the SDK decodes with paired ids", async () => {
    await client.models.generateContent({
      model: "gemini-test",
      contents: [
        { role: "user", parts: [{ text: "weather in Lima?" }] },
        { role: "model", parts: [{ functionCall: { id: "call_1", name: "get_weather", args: { city: "Lima" } }, thoughtSignature: "Y2FsbA==" }] },
        { role: "user", parts: [{ functionResponse: { id: "call_1", name: "get_weather", response: { output: "sunny" } } }] },
      ],
    });
    expect(received.at(-1)?.messages.slice(1)).toEqual([
      { role: "assistant", parts: [{ type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Lima"}', signature: { family: "gemini", value: "Y2FsbA==" } }] },
      { role: "user", parts: [{ type: "tool-result", toolCallId: "call_1", name: "get_weather", content: [{ type: "text", text: "sunny" }] }] },
    ]);
  });
});
