// The encoder's output read by the real @anthropic-ai/sdk: a tiny server answers with what the codec encodes,
// and the SDK's own stream accumulator and JSON parsing must produce the expected messages and errors.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { IrResponse, IrStreamEvent } from "../../../src/protocol/ir.ts";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";
import { decodeFixture, encodeAll } from "./sse-helpers.ts";

const toolStream: IrStreamEvent[] = [
  { type: "start", id: "chatcmpl-1", model: "upstream" },
  { type: "reasoning-delta", text: "Need the weather." },
  { type: "reasoning-signature", signature: { family: "anthropic", value: "sig-xyz" } },
  { type: "text-delta", text: "Let me check" },
  { type: "text-delta", text: " that." },
  { type: "tool-call-start", index: 0, id: "call_9", name: "get_weather" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Pa' },
  { type: "tool-call-delta", index: 0, argumentsDelta: 'ris","days":2}' },
  { type: "tool-call-end", index: 0 },
  { type: "usage", usage: { inputTokens: 1500, outputTokens: 42, cachedInputTokens: 1000, cacheWriteTokens: 100 } },
  { type: "finish", reason: "tool_calls" },
];

const erroredStream: IrStreamEvent[] = [
  { type: "start", id: "x", model: "upstream" },
  { type: "text-delta", text: "partial" },
  { type: "error", error: { status: 529, message: "Overloaded" } },
];

const jsonResponse: IrResponse = {
  id: "resp_1",
  model: "upstream",
  created: 0,
  parts: [
    { type: "text", text: "Hello there" },
    { type: "tool-call", id: "call_2", name: "f", arguments: '{"a":[1,2]}' },
  ],
  finishReason: "tool_calls",
  usage: { inputTokens: 30, outputTokens: 7 },
};

let server: ReturnType<typeof Bun.serve>;
let client: Anthropic;

beforeAll(async () => {
  const fixtureEvents = await decodeFixture("thinking.sse.txt");
  const streams: Record<string, IrStreamEvent[]> = { tools: toolStream, errored: erroredStream, fixture: fixtureEvents };
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const body = (await request.json()) as { model: string; stream?: boolean };
      if (body.model === "overloaded") {
        return Response.json(anthropicMessagesCodec.errorBody({ status: 529, message: "Overloaded" }), { status: 529 });
      }
      if (body.stream) {
        const text = encodeAll(streams[body.model] ?? [], body.model);
        return new Response(text, { headers: { "content-type": "text/event-stream" } });
      }
      return Response.json(anthropicMessagesCodec.encodeResponse(jsonResponse, { requestedModel: body.model }));
    },
  });
  client = new Anthropic({ apiKey: "test", baseURL: `http://127.0.0.1:${server.port}`, maxRetries: 0 });
});

afterAll(() => server.stop(true));

const params = (model: string) => ({ model, max_tokens: 100, messages: [{ role: "user" as const, content: "hi" }] });

describe("encoder output through @anthropic-ai/sdk", () => {
  test("stream with thinking, text and a tool call accumulates into the expected message", async () => {
    const stream = client.messages.stream(params("tools"));
    const texts: string[] = [];
    stream.on("text", (delta) => texts.push(delta));
    const message = await stream.finalMessage();
    expect(texts.join("")).toBe("Let me check that.");
    expect(message).toMatchObject({
      id: "msg_chatcmpl-1",
      model: "tools",
      role: "assistant",
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 400, output_tokens: 42, cache_read_input_tokens: 1000, cache_creation_input_tokens: 100 },
    });
    expect(message.content).toEqual([
      { type: "thinking", thinking: "Need the weather.", signature: "sig-xyz" },
      { type: "text", text: "Let me check that." },
      { type: "tool_use", id: "call_9", name: "get_weather", input: { city: "Paris", days: 2 } },
    ] as any);
  });

  test("a recorded Anthropic stream decoded and re-encoded parses the same", async () => {
    const message = await client.messages.stream(params("fixture")).finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "redacted_thinking", "text"]);
    expect(message.content[2]).toMatchObject({ type: "text", text: "27 * 453 = 12,231" });
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(120);
  });

  test("in-stream error is raised by the SDK with its type", async () => {
    const error = await client.messages
      .stream(params("errored"))
      .finalMessage()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
  });

  test("non-streaming response parses", async () => {
    const message = await client.messages.create(params("json-model"));
    expect(message).toMatchObject({
      id: "msg_resp_1",
      type: "message",
      model: "json-model",
      stop_reason: "tool_use",
      content: [
        { type: "text", text: "Hello there" },
        { type: "tool_use", id: "call_2", name: "f", input: { a: [1, 2] } },
      ],
      usage: { input_tokens: 30, output_tokens: 7 },
    });
  });

  test("error body becomes the SDK's error with status and type", async () => {
    const error = await client.messages.create(params("overloaded")).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe("overloaded_error");
  });
});
