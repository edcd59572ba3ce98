// The real openai SDK (v7) reads what this codec writes: a tiny Bun server decodes the SDK's request with the
// codec and answers with the codec's JSON or SSE, for plain `create`, streamed iteration and the `.stream()`
// helper's finalResponse (which validates item ids, indexes and the final response against the events).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI, { APIError } from "openai";
import type { IrRequest, IrResponse, IrStreamEvent } from "../../../src/protocol/ir.ts";
import { openAIResponsesCodec } from "../../../src/protocol/openai-responses/index.ts";
import { functionCallEvents, reasoningAndTextEvents, textEvents } from "./sse-helpers.ts";

const scenarios: Record<string, IrStreamEvent[]> = {
  text: textEvents,
  reasoning: reasoningAndTextEvents,
  tool: functionCallEvents,
  error: [
    { type: "start", id: "e", model: "m" },
    { type: "text-delta", text: "Partial" },
    { type: "error", error: { status: 500, message: "Upstream exploded", code: "server_error" } },
  ],
};

/** The same scenario as a non-streamed IR response. */
function responseFor(events: IrStreamEvent[]): IrResponse {
  const parts: IrResponse["parts"] = [];
  let finishReason: IrResponse["finishReason"] = "stop";
  let usage: IrResponse["usage"];
  for (const event of events) {
    if (event.type === "text-delta") parts.push({ type: "text", text: event.text });
    else if (event.type === "tool-call-start") parts.push({ type: "tool-call", id: event.id, name: event.name, arguments: '{"city":"Paris"}' });
    else if (event.type === "usage") usage = event.usage;
    else if (event.type === "finish") finishReason = event.reason;
  }
  return { id: "resp_plain", model: "upstream", created: 1700000000, parts, finishReason, ...(usage ? { usage } : {}) };
}

let server: ReturnType<typeof Bun.serve>;
let client: OpenAI;
const received: IrRequest[] = [];

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const ir = openAIResponsesCodec.decodeRequest(await request.json());
      received.push(ir);
      const lastUser = ir.messages.filter((message) => message.role === "user").at(-1);
      const firstText = lastUser?.parts.find((part) => part.type === "text");
      const scenario = scenarios[firstText?.type === "text" ? firstText.text : "text"] ?? textEvents;
      if (!ir.stream) return Response.json(openAIResponsesCodec.encodeResponse(responseFor(scenario), { requestedModel: ir.model }));
      const encoder = openAIResponsesCodec.createStreamEncoder({ requestedModel: ir.model, includeUsage: false });
      const body = scenario.map((event) => encoder.encode(event)).join("") + encoder.end();
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    },
  });
  client = new OpenAI({ baseURL: `http://127.0.0.1:${server.port}/v1`, apiKey: "test-key", maxRetries: 0 });
});

afterAll(() => server.stop(true));

describe("openai SDK against the Responses codec", () => {
  test("non-streamed create gives output_text and usage", async () => {
    const response = await client.responses.create({ model: "my-model", input: "text" });
    expect(response.output_text).toBe("Hello, world");
    expect(response.model).toBe("my-model");
    expect(response.status).toBe("completed");
    expect(response.usage?.total_tokens).toBe(10);
    const tool = await client.responses.create({ model: "my-model", input: "tool" });
    expect(tool.output.find((item) => item.type === "function_call")).toMatchObject({ call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' });
  });

  test("streamed create iterates every event, in order, with text deltas adding up", async () => {
    const stream = await client.responses.create({ model: "my-model", input: "text", stream: true });
    const types: string[] = [];
    let text = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    expect(text).toBe("Hello, world");
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
  });

  test("stream().finalResponse() gives output_text and function_call items", async () => {
    const textResponse = await client.responses.stream({ model: "my-model", input: "text" }).finalResponse();
    expect(textResponse.output_text).toBe("Hello, world");

    const deltas: string[] = [];
    const toolStream = client.responses.stream({
      model: "my-model",
      input: "tool",
      tools: [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: false }],
    });
    toolStream.on("response.function_call_arguments.delta", (event) => deltas.push(event.snapshot));
    const toolResponse = await toolStream.finalResponse();
    expect(toolResponse.output_text).toBe("Checking.");
    const call = toolResponse.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', status: "completed" });
    expect(deltas).toEqual(['{"city":', '{"city":"Paris"}']);

    const reasoningResponse = await client.responses.stream({ model: "my-model", input: "reasoning" }).finalResponse();
    expect(reasoningResponse.output_text).toBe("Answer");
    const reasoning = reasoningResponse.output.find((item) => item.type === "reasoning");
    expect(reasoning).toMatchObject({ summary: [{ type: "summary_text", text: "Thinking" }], encrypted_content: "ENC" });
  });

  test("the SDK's next turn (previous output items plus a function_call_output) decodes and pairs by call_id", async () => {
    const first = await client.responses.stream({ model: "my-model", input: "tool" }).finalResponse();
    const call = first.output.find((item) => item.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function call");
    const replay = first.output.flatMap((item) => (item.type === "message" || item.type === "function_call" ? [item] : []));
    const second = await client.responses.create({
      model: "my-model",
      input: [{ role: "user", content: "tool" }, ...replay, { type: "function_call_output", call_id: call.call_id, output: "18C" }, { role: "user", content: "text" }],
    });
    expect(second.output_text).toBe("Hello, world");
    const ir = received.at(-1)!;
    expect(ir.messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    expect(ir.messages[1]!.parts).toEqual([
      { type: "text", text: "Checking." },
      { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', itemId: call.id! },
    ]);
    expect(ir.messages[2]!.parts[0]).toEqual({ type: "tool-result", toolCallId: "call_1", name: "get_weather", content: [{ type: "text", text: "18C" }] });
  });

  test("a stream error surfaces as an APIError, both when iterating and from finalResponse()", async () => {
    const stream = await client.responses.create({ model: "my-model", input: "error", stream: true });
    let caught: unknown;
    try {
      for await (const _event of stream) {
        // drain until the error event throws
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(APIError);
    expect((caught as APIError).message).toContain("Upstream exploded");
    await expect(client.responses.stream({ model: "my-model", input: "error" }).finalResponse()).rejects.toThrow("Upstream exploded");
  });
});
