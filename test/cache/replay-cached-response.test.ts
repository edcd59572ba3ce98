import { describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { encodeReplayStream, replayCachedResponse } from "../../src/cache/replay-cached-response.ts";
import { anthropicMessagesCodec } from "../../src/protocol/anthropic-messages/index.ts";
import { geminiCodec } from "../../src/protocol/gemini/index.ts";
import type { IrResponse } from "../../src/protocol/ir.ts";
import { openAIChatCodec } from "../../src/protocol/openai-chat/index.ts";

const cached: IrResponse = {
  id: "chatcmpl-cached",
  model: "upstream-model",
  created: 1_700_000_000,
  parts: [
    { type: "text", text: "Let me check." },
    { type: "tool-call", id: "call_1", name: "weather", arguments: '{"city":"Oslo"}' },
  ],
  finishReason: "tool_calls",
  usage: { inputTokens: 10, outputTokens: 5 },
};

describe("replayCachedResponse", () => {
  test("JSON: the client's response body, marked as a hit, with extra headers kept", async () => {
    const response = replayCachedResponse({ codec: openAIChatCodec, response: cached, requestedModel: "my-alias", stream: false, headers: { "x-request-id": "abc" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-amrouter-cache")).toBe("hit");
    expect(response.headers.get("x-request-id")).toBe("abc");
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as { model: string; choices: Array<{ message: { content: string; tool_calls: unknown[] }; finish_reason: string }>; usage: { prompt_tokens: number } };
    expect(body.model).toBe("my-alias");
    expect(body.choices[0]?.message.content).toBe("Let me check.");
    expect(body.choices[0]?.message.tool_calls.length).toBe(1);
    expect(body.choices[0]?.finish_reason).toBe("tool_calls");
    expect(body.usage.prompt_tokens).toBe(10);
  });

  test("stream: event-stream headers and the whole OpenAI stream with usage and [DONE]", async () => {
    const response = replayCachedResponse({ codec: openAIChatCodec, response: cached, requestedModel: "my-alias", stream: true, includeUsage: true, marker: "coalesced" });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-amrouter-cache")).toBe("coalesced");
    const text = await response.text();
    expect(text).toContain('"prompt_tokens":10');
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  test("stream: the Anthropic SDK reads the replay as a finished message", async () => {
    const replay = replayCachedResponse({ codec: anthropicMessagesCodec, response: cached, requestedModel: "claude-alias", stream: true });
    const client = new Anthropic({ apiKey: "unused", baseURL: "http://cache.invalid", fetch: async () => replay });
    const stream = client.messages.stream({ model: "claude-alias", max_tokens: 100, messages: [{ role: "user", content: "Weather?" }] });
    const message = await stream.finalMessage();
    expect(message.model).toBe("claude-alias");
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content.map((block) => block.type)).toEqual(["text", "tool_use"]);
    expect(message.content[1]).toMatchObject({ type: "tool_use", name: "weather", input: { city: "Oslo" } });
  });

  test("Gemini json-array framing: one valid JSON array, served as application/json", async () => {
    const response = replayCachedResponse({ codec: geminiCodec, response: cached, requestedModel: "gemini-alias", stream: true, framing: "json-array" });
    expect(response.headers.get("content-type")).toBe("application/json");
    const chunks = (await response.json()) as Array<{ candidates: Array<{ finishReason?: string }> }>;
    expect(Array.isArray(chunks)).toBe(true);
    expect(chunks.at(-1)?.candidates[0]?.finishReason).toBe("STOP");
  });

  test("encodeReplayStream is the same text the stream answer carries", async () => {
    const context = { requestedModel: "my-alias", includeUsage: false };
    const direct = encodeReplayStream(openAIChatCodec, cached, context);
    const served = await replayCachedResponse({ codec: openAIChatCodec, response: cached, stream: true, ...context }).text();
    const withoutVolatile = (text: string) => text.replace(/"created":\d+/g, "");
    expect(withoutVolatile(served)).toBe(withoutVolatile(direct));
  });
});
