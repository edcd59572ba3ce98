// Upstreams add fields, events and keep-alive comments over time; none of that may break a translated response.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", brand_new_field: [1, 2], choices: [{ index: 0, delta: { ...delta, mystery: { deep: true } }, finish_reason: finish, extra_choice_field: "x" }] })}\n\n`;

const upstream = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    if (request.method === "GET") return Response.json({ object: "list", data: [{ id: "m", object: "model", owned_by: "odd", extra: true }] });
    const body = (await request.json().catch(() => ({}))) as { stream?: boolean };
    if (!body.stream) {
      return Response.json({
        id: "c1",
        object: "chat.completion",
        created: 1,
        model: "m",
        provider_specific: { region: "eu" },
        choices: [{ index: 0, message: { role: "assistant", content: "lenient reply", annotations: [{ type: "url_citation" }], future: 1 }, finish_reason: "stop", novel: true }],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, surprise_details: { a: 1 } },
      });
    }
    const text =
      ": keep-alive comment\n\n" +
      "event: vendor.heartbeat\ndata: {\"alive\":true}\n\n" +
      chunk({ role: "assistant", content: "" }) +
      chunk({ content: "lenient " }) +
      ": another comment\n\n" +
      chunk({ content: "stream" }) +
      chunk({}, "stop") +
      `data: ${JSON.stringify({ id: "c1", choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, unknown: 9 } })}\n\n` +
      "data: [DONE]\n\n";
    return new Response(text, { headers: { "content-type": "text/event-stream" } });
  },
});

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture({ extraConfig: `  - name: odd\n    provider: openai-chat\n    baseUrl: http://127.0.0.1:${upstream.port}/v1\n    apiKey: sk-odd-0123456789\n` });
});
afterAll(async () => {
  await fixture.stop();
  upstream.stop(true);
});

describe("an upstream with fields and events nobody documented", () => {
  test("Anthropic client, JSON and stream", async () => {
    const client = new Anthropic({ baseURL: fixture.gateway.url, apiKey: "x", maxRetries: 0 });
    const request = { model: "odd/m", max_tokens: 20, messages: [{ role: "user" as const, content: "hi" }] };
    const message = await client.messages.create(request);
    expect(message.content.map((block) => (block.type === "text" ? block.text : block.type))).toEqual(["lenient reply"]);
    expect(message.usage.output_tokens).toBe(2);
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.content.map((block) => (block.type === "text" ? block.text : block.type))).toEqual(["lenient stream"]);
    expect(streamed.usage.output_tokens).toBe(2);
  });

  test("Gemini client, stream", async () => {
    const client = new GoogleGenAI({ apiKey: "x", httpOptions: { baseUrl: fixture.gateway.url } });
    let text = "";
    for await (const part of await client.models.generateContentStream({ model: "odd/m", contents: "hi" })) text += part.text ?? "";
    expect(text).toBe("lenient stream");
  });
});
