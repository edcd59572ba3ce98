// The client surfaces' own details: auth styles, model lists in each client's format, count_tokens, Gemini's
// JSON-array stream and unencoded model paths, the Responses conversation store, and each format's exact
// closing sequence on the wire.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture({
    environment: { REQUIRE_API_KEY: "true" },
    extraConfig: [
      "  - name: up-anthropic",
      "    provider: anthropic",
      "    baseUrl: {mock}",
      "    apiKey: sk-ant-surfaces-0123",
      "    models: [claude-sonnet-4-5]",
      "apiKeys:",
      "  - name: surfaces",
      "    key: amr_surfacessurfacessurfaces",
      "",
    ].join("\n"),
  });
});
afterAll(() => fixture.stop());

const key = "amr_surfacessurfacessurfaces";
const url = (path: string) => `${fixture.gateway.url}${path}`;

async function post(path: string, body: unknown, headers: Record<string, string>) {
  return fetch(url(path), { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

describe("Anthropic surface", () => {
  const body = { model: "mock/gpt-4o-mini", max_tokens: 50, messages: [{ role: "user", content: "hi claude" }] };

  test("accepts x-api-key or Bearer, any anthropic-version, and Claude Code's ?beta=true", async () => {
    const headerSets: Array<Record<string, string>> = [{ "x-api-key": key, "anthropic-version": "2023-06-01" }, { authorization: `Bearer ${key}`, "anthropic-version": "2026-10-21" }, { "x-api-key": key }];
    for (const headers of headerSets) {
      const response = await post("/v1/messages?beta=true", body, headers);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { content: Array<{ text: string }> }).content[0]!.text).toBe("Echo: hi claude");
    }
  });

  test("a missing key is a 401 in Anthropic's error shape", async () => {
    const response = await post("/v1/messages", body, { "anthropic-version": "2023-06-01" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  test("a missing max_tokens is a 400 invalid_request_error naming the field", async () => {
    const response = await post("/v1/messages", { model: "mock/gpt-4o-mini", messages: [] }, { "x-api-key": key });
    expect(response.status).toBe(400);
    const error = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(error.error.type).toBe("invalid_request_error");
    expect(error.error.message).toContain("max_tokens");
  });

  test("count_tokens answers with an estimate, and models.list in Anthropic's shape", async () => {
    const client = new Anthropic({ baseURL: fixture.gateway.url, apiKey: key, maxRetries: 0 });
    const counted = await client.messages.countTokens({ model: "mock/gpt-4o-mini", messages: [{ role: "user", content: "count these words for me please" }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("up-anthropic/claude-sonnet-4-5");
  });

  test("a stream ends with content_block_stop, message_delta and message_stop", async () => {
    const response = await post("/v1/messages", { ...body, stream: true }, { "x-api-key": key });
    const events = [...(await response.text()).matchAll(/^event: (\S+)$/gm)].map((match) => match[1]);
    expect(events[0]).toBe("message_start");
    expect(events.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(events.filter((name) => name === "content_block_start").length).toBe(events.filter((name) => name === "content_block_stop").length);
  });
});

describe("Gemini surface", () => {
  const body = { contents: [{ role: "user", parts: [{ text: "hi gemini" }] }] };

  test("accepts x-goog-api-key or ?key=, under /v1beta and /v1, with a slash in the model id", async () => {
    for (const [path, headers] of [
      ["/v1beta/models/mock/gpt-4o-mini:generateContent", { "x-goog-api-key": key }],
      [`/v1/models/mock/gpt-4o-mini:generateContent?key=${key}`, {}],
    ] as const) {
      const response = await post(path, body, headers);
      expect(response.status).toBe(200);
      const json = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
      expect(json.candidates[0]!.content.parts[0]!.text).toBe("Echo: hi gemini");
    }
  });

  test("a wrong key is an error in Gemini's shape", async () => {
    const response = await post("/v1beta/models/mock/gpt-4o-mini:generateContent", body, { "x-goog-api-key": "wrong" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
  });

  test("streamGenerateContent without alt=sse is one JSON array; with alt=sse it is data: events", async () => {
    const array = await post("/v1beta/models/mock/gpt-4o-mini:streamGenerateContent", body, { "x-goog-api-key": key });
    const parsed = JSON.parse(await array.text()) as Array<{ candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }> }>;
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed.map((chunk) => chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? "").join("") ?? "").join("")).toBe("Echo: hi gemini");
    const sse = await (await post("/v1beta/models/mock/gpt-4o-mini:streamGenerateContent?alt=sse", body, { "x-goog-api-key": key })).text();
    expect(sse.startsWith("data: ")).toBe(true);
    expect(sse).not.toContain("[DONE]");
  });

  test("models.list and countTokens through the SDK", async () => {
    const client = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: fixture.gateway.url } });
    const names: string[] = [];
    for await (const model of await client.models.list()) names.push(model.name ?? "");
    expect(names).toContain("models/up-anthropic/claude-sonnet-4-5");
    const counted = await client.models.countTokens({ model: "mock/gpt-4o-mini", contents: "count these words for me please" });
    expect(counted.totalTokens).toBeGreaterThan(0);
  });
});

describe("OpenAI surfaces", () => {
  test("a chat stream ends with data: [DONE]; a Responses stream ends with response.completed", async () => {
    const chat = await (await post("/v1/chat/completions", { model: "up-anthropic/claude-sonnet-4-5", stream: true, messages: [{ role: "user", content: "x" }] }, { authorization: `Bearer ${key}` })).text();
    expect(chat.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const responses = await (await post("/v1/responses", { model: "up-anthropic/claude-sonnet-4-5", stream: true, input: "x" }, { authorization: `Bearer ${key}` })).text();
    const events = [...responses.matchAll(/^event: (\S+)$/gm)].map((match) => match[1]);
    expect(events[0]).toBe("response.created");
    expect(events.at(-1)).toBe("response.completed");
  });

  test("previous_response_id continues a conversation on a provider that has no Responses API", async () => {
    const client = new OpenAI({ baseURL: `${fixture.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const first = await client.responses.create({ model: "up-anthropic/claude-sonnet-4-5", input: "remember the word banana" });
    expect(first.output_text).toBe("Echo: remember the word banana");
    const second = await client.responses.create({ model: "mock/gpt-4o-mini", input: "what was the word", previous_response_id: first.id });
    expect(second.output_text).toBe("Echo: what was the word");
    const upstream = JSON.stringify(fixture.mock.requests.at(-1)!.body);
    expect(upstream).toContain("remember the word banana");
    expect(upstream).toContain("Echo: remember the word banana");
    const streamed = await client.responses.stream({ model: "mock/gpt-4o-mini", input: "and again", previous_response_id: second.id }).finalResponse();
    expect(JSON.stringify(fixture.mock.requests.at(-1)!.body)).toContain("what was the word");
    const third = await client.responses.create({ model: "mock/gpt-4o-mini", input: "last", previous_response_id: streamed.id });
    expect(JSON.stringify(fixture.mock.requests.at(-1)!.body)).toContain("and again");
    expect(third.output_text).toBe("Echo: last");
    const missing = await client.responses.create({ model: "mock/gpt-4o-mini", input: "x", previous_response_id: "resp_unknown" }).catch((error) => error);
    expect(missing.status).toBe(404);
  });
});

describe("same-format passthrough", () => {
  test("Anthropic → Anthropic keeps unknown fields and cache_control, but drops thinking another provider answered with", async () => {
    const response = await post(
      "/v1/messages",
      {
        model: "up-anthropic/claude-sonnet-4-5",
        max_tokens: 64,
        future_field: { kept: true },
        system: [{ type: "text", text: "sys", cache_control: { type: "ephemeral" } }],
        messages: [
          { role: "user", content: "first" },
          { role: "assistant", content: [{ type: "thinking", thinking: "from another model", signature: "" }, { type: "text", text: "answer" }] },
          { role: "user", content: "second" },
        ],
      },
      { "x-api-key": key },
    );
    expect(response.status).toBe(200);
    const sent = fixture.mock.requests.at(-1)!.body as { future_field: unknown; system: Array<{ cache_control: unknown }>; messages: Array<{ content: unknown }> };
    expect(sent.future_field).toEqual({ kept: true });
    expect(sent.system[0]!.cache_control).toEqual({ type: "ephemeral" });
    expect(sent.messages[1]!.content).toEqual([{ type: "text", text: "answer" }]);
  });
});
