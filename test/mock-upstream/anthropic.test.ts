// Proves the mock upstream speaks Anthropic's Messages wire format: the official `@anthropic-ai/sdk` is pointed at
// it directly (no gateway in between), plus raw-HTTP checks for what the SDK hides (event order, headers, errors).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic, {
  APIError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import { startMockUpstream, type MockUpstream } from "./mock-server.ts";

let mock: MockUpstream;
let client: Anthropic;

beforeAll(async () => {
  mock = await startMockUpstream();
  client = new Anthropic({ baseURL: mock.url, apiKey: "sk-ant-test", maxRetries: 0 });
});

afterAll(async () => {
  await mock.stop();
});

const searchTool = { name: "search_web", input_schema: { type: "object" as const, properties: { query: { type: "string" } } } };
const weatherTool = { name: "get_weather", input_schema: { type: "object" as const, properties: { query: { type: "string" } } } };

const anthropicHeaders = { "x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01", "content-type": "application/json" };

function post(body: unknown, headers: Record<string, string> = anthropicHeaders): Promise<Response> {
  return fetch(`${mock.url}/v1/messages`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

/** Parses an SSE body into [event name, payload] pairs. */
function namedEvents(text: string): Array<[string, Record<string, unknown>]> {
  return text
    .split("\n\n")
    .filter((block) => block.length > 0)
    .map((block) => {
      const [eventLine = "", dataLine = ""] = block.split("\n");
      return [eventLine.replace(/^event: /, ""), JSON.parse(dataLine.replace(/^data: /, "")) as Record<string, unknown>];
    });
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => "no error", (caught: unknown) => caught);
}

describe("with the @anthropic-ai/sdk", () => {
  test("messages.create echoes the last user text with word-count usage and a request id", async () => {
    const message = await client.messages.create({
      model: "claude-mock",
      max_tokens: 100,
      system: "be brief",
      messages: [{ role: "user", content: [{ type: "text", text: "hello mock world" }] }],
    });
    expect(message.id).toMatch(/^msg_mock_\d+$/);
    expect(message.type).toBe("message");
    expect(message.role).toBe("assistant");
    expect(message.model).toBe("claude-mock");
    expect(message.content).toEqual([{ type: "text", text: "Echo: hello mock world" }] as typeof message.content);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.stop_sequence).toBeNull();
    expect(message.usage).toMatchObject({
      input_tokens: 5,
      output_tokens: 4,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
    const recorded = mock.requests.at(-1);
    expect(recorded?.headers["authorization"]).toBe("Bearer sk-ant-test");
    expect(recorded?.headers["anthropic-version"]).toBeDefined();
  });

  test("a model name containing 'cached' reports cache reads outside input_tokens", async () => {
    const message = await client.messages.create({
      model: "claude-cached",
      max_tokens: 100,
      system: "be brief",
      messages: [{ role: "user", content: "hello mock world" }],
    });
    expect(message.usage).toMatchObject({ input_tokens: 2, cache_read_input_tokens: 3, cache_creation_input_tokens: 0 });
  });

  test("stream().finalMessage() assembles streamed text equal to the JSON reply", async () => {
    const request = { model: "claude-mock", max_tokens: 100, messages: [{ role: "user" as const, content: "one two three" }] };
    const plain = await client.messages.create(request);
    const stream = client.messages.stream(request);
    let streamedText = "";
    stream.on("text", (delta) => {
      streamedText += delta;
    });
    const final = await stream.finalMessage();
    expect(final.content as unknown).toEqual(plain.content);
    expect(streamedText).toBe("Echo: one two three");
    expect(final.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(final.usage.input_tokens).toBe(plain.usage.input_tokens);
    expect(final.stop_reason).toBe("end_turn");
  });

  test("streamed parallel tool calls, then the tool result is echoed back", async () => {
    const final = await client.messages
      .stream({ model: "claude-mock", max_tokens: 100, messages: [{ role: "user", content: "weather in Paris" }], tools: [searchTool, weatherTool] })
      .finalMessage();
    expect(final.stop_reason).toBe("tool_use");
    expect(final.content).toEqual([
      { type: "tool_use", id: "toolu_mock_1", name: "search_web", input: { query: "weather in Paris" } },
      { type: "tool_use", id: "toolu_mock_2", name: "get_weather", input: { query: "weather in Paris" } },
    ] as typeof final.content);

    const single = await client.messages.create({
      model: "claude-mock",
      max_tokens: 100,
      messages: [{ role: "user", content: "weather in Paris" }],
      tools: [searchTool, weatherTool],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
    });
    expect(single.content.length).toBe(1);

    const answered = await client.messages.create({
      model: "claude-mock",
      max_tokens: 100,
      tools: [searchTool, weatherTool],
      messages: [
        { role: "user", content: "weather in Paris" },
        { role: "assistant", content: final.content },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_mock_1", content: "sunny" },
            { type: "tool_result", tool_use_id: "toolu_mock_2", content: [{ type: "text", text: "22 degrees" }] },
          ],
        },
      ],
    });
    expect(answered.content).toEqual([{ type: "text", text: "Tool said: 22 degrees" }] as typeof answered.content);
    expect(answered.stop_reason).toBe("end_turn");
  });

  test("thinking: a signed thinking block first, replayable; a foreign signature is rejected", async () => {
    const first = await client.messages
      .stream({
        model: "claude-mock",
        max_tokens: 4000,
        thinking: { type: "enabled", budget_tokens: 1024 },
        messages: [{ role: "user", content: "find cats" }],
        tools: [searchTool],
      })
      .finalMessage();
    const [thinking, toolUse] = first.content;
    expect(thinking?.type).toBe("thinking");
    if (thinking?.type !== "thinking") throw new Error("no thinking block");
    expect(thinking.thinking).toBe("Let me think about find cats");
    expect(thinking.signature).toMatch(/^sig_mock_\d+$/);
    expect(toolUse).toMatchObject({ type: "tool_use", id: "toolu_mock_1", input: { query: "find cats" } });
    expect(first.usage.output_tokens).toBe(6 + 2); // thinking words + words of {"query":"find cats"}

    const replay = (signature: string) =>
      client.messages.create({
        model: "claude-mock",
        max_tokens: 4000,
        thinking: { type: "adaptive" },
        tools: [searchTool],
        messages: [
          { role: "user", content: "find cats" },
          { role: "assistant", content: [{ ...thinking, signature }, ...first.content.slice(1)] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_mock_1", content: "3 cats" }] },
        ],
      });
    const second = await replay(thinking.signature);
    expect(second.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    expect(second.content[1]).toEqual({ type: "text", text: "Tool said: 3 cats" } as (typeof second.content)[number]);

    const rejected = await errorOf(replay("forged-signature"));
    expect(rejected).toBeInstanceOf(BadRequestError);
    expect((rejected as BadRequestError).message).toContain("Invalid signature in thinking block");
  });

  test("error scenarios surface as the SDK's typed errors", async () => {
    const create = (model: string) => client.messages.create({ model, max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
    const rateLimited = await errorOf(create("rate-limit"));
    expect(rateLimited).toBeInstanceOf(RateLimitError);
    expect((rateLimited as RateLimitError).headers?.get("retry-after")).toBe("2");
    expect((rateLimited as RateLimitError).headers?.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    expect((rateLimited as RateLimitError).requestID).toMatch(/^req_mock_\d+$/);

    expect(await errorOf(create("overloaded"))).toBeInstanceOf(OverloadedError);
    expect(await errorOf(create("error-401"))).toBeInstanceOf(AuthenticationError);
    expect(await errorOf(create("error-403"))).toBeInstanceOf(PermissionDeniedError);
    expect(await errorOf(create("error-404"))).toBeInstanceOf(NotFoundError);
    const tooLong = await errorOf(create("context-too-long"));
    expect(tooLong).toBeInstanceOf(BadRequestError);
    expect((tooLong as BadRequestError).message).toContain("prompt is too long");
  });

  test("mid-stream-error throws the overloaded_error event after some text", async () => {
    const stream = client.messages.stream({ model: "mid-stream-error", max_tokens: 10, messages: [{ role: "user", content: "hello there friend" }] });
    let text = "";
    stream.on("text", (delta) => {
      text += delta;
    });
    const failure = await errorOf(stream.finalMessage());
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).message).toContain("Overloaded");
    expect(text).toBe("Echo: hello ");
  });
});

describe("over raw HTTP", () => {
  test("auth: x-api-key or bearer; missing key is 401 authentication_error with request_id", async () => {
    const body = { model: "claude", max_tokens: 10, messages: [{ role: "user", content: "hi" }] };
    expect((await post(body)).status).toBe(200);
    const { "x-api-key": _apiKey, ...withoutKey } = anthropicHeaders;
    expect((await post(body, { ...withoutKey, authorization: "Bearer sk-ant" })).status).toBe(200);

    const missing = await post(body, withoutKey);
    expect(missing.status).toBe(401);
    const requestId = missing.headers.get("request-id");
    expect(requestId).toMatch(/^req_mock_\d+$/);
    expect(await missing.json()).toEqual({
      type: "error",
      error: { type: "authentication_error", message: "invalid x-api-key" },
      request_id: requestId,
    });
  });

  test("anthropic-version and max_tokens are required; bad JSON is an invalid_request_error", async () => {
    const { "anthropic-version": _version, ...withoutVersion } = anthropicHeaders;
    const noVersion = await post({ model: "claude", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }, withoutVersion);
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });

    const noMaximum = await post({ model: "claude", messages: [{ role: "user", content: "hi" }] });
    expect(noMaximum.status).toBe(400);
    expect(await noMaximum.json()).toMatchObject({ error: { type: "invalid_request_error", message: "max_tokens: Field required" } });

    const badJson = await post("{not json");
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  test("tool_use / tool_result pairing and thinking budget are validated", async () => {
    const unanswered = await post({
      model: "claude",
      max_tokens: 10,
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_x", name: "f", input: {} }] },
        { role: "user", content: "again" },
      ],
    });
    expect(unanswered.status).toBe(400);
    expect(((await unanswered.json()) as { error: { message: string } }).error.message).toContain("toolu_x");

    const orphan = await post({
      model: "claude",
      max_tokens: 10,
      messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_y", content: "r" }] }],
    });
    expect(orphan.status).toBe(400);

    const smallBudget = await post({
      model: "claude",
      max_tokens: 2000,
      thinking: { type: "enabled", budget_tokens: 100 },
      messages: [{ role: "user", content: "hi" }],
    });
    expect(smallBudget.status).toBe(400);
  });

  test("error statuses map to Anthropic error types", async () => {
    const expected: Array<[string, number, string]> = [
      ["error-400", 400, "invalid_request_error"],
      ["error-401", 401, "authentication_error"],
      ["error-403", 403, "permission_error"],
      ["error-404", 404, "not_found_error"],
      ["error-500", 500, "api_error"],
      ["error-503", 503, "api_error"],
      ["overloaded", 529, "overloaded_error"],
      ["rate-limit", 429, "rate_limit_error"],
      ["context-too-long", 400, "invalid_request_error"],
    ];
    for (const [model, status, type] of expected) {
      const response = await post({ model, max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
      expect(response.status).toBe(status);
      const body = (await response.json()) as { type: string; error: { type: string }; request_id: string };
      expect(body.type).toBe("error");
      expect(body.error.type).toBe(type);
      expect(body.request_id).toBe(response.headers.get("request-id") ?? "missing");
    }
  });

  test("text stream has Anthropic's exact event order, with event: lines", async () => {
    const response = await post({ model: "claude", max_tokens: 10, stream: true, messages: [{ role: "user", content: "a b" }] });
    expect(response.headers.get("content-type")).toStartWith("text/event-stream");
    const events = namedEvents(await response.text());
    for (const [name, payload] of events) expect(payload["type"]).toBe(name);
    expect(events.map(([name, payload]) => (name === "content_block_delta" ? (payload["delta"] as { text: string }).text : name))).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "Echo: ",
      "a ",
      "b",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[0]?.[1]).toMatchObject({
      message: { content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 2, cache_read_input_tokens: 0 } },
    });
    expect(events[1]?.[1]).toEqual({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    expect(events[7]?.[1]).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 3 },
    });
  });

  test("thinking + tool stream: signature_delta closes the thinking block; input_json_delta has >= 3 fragments", async () => {
    const response = await post({
      model: "claude",
      max_tokens: 2000,
      stream: true,
      thinking: { type: "enabled", budget_tokens: 1024 },
      tools: [searchTool],
      messages: [{ role: "user", content: "find cats" }],
    });
    const events = namedEvents(await response.text());
    const deltaTypes = events
      .filter(([name]) => name === "content_block_delta")
      .map(([, payload]) => `${String(payload["index"])}:${(payload["delta"] as { type: string }).type}`);
    expect(deltaTypes.filter((type) => type === "0:thinking_delta").length).toBe(6);
    expect(deltaTypes.indexOf("0:signature_delta")).toBe(6);
    const fragments = events
      .filter(([name, payload]) => name === "content_block_delta" && payload["index"] === 1)
      .map(([, payload]) => (payload["delta"] as { partial_json: string }).partial_json);
    expect(fragments.length).toBeGreaterThanOrEqual(3);
    expect(fragments[0]).toBe("");
    expect(JSON.parse(fragments.join(""))).toEqual({ query: "find cats" });
    expect(events.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: "tool_use" } });
  });

  test("mid-stream-drop cuts the connection before message_stop; hang-after-headers stops after message_start", async () => {
    const dropped = await post({ model: "mid-stream-drop", max_tokens: 10, stream: true, messages: [{ role: "user", content: "a b c" }] });
    expect(dropped.status).toBe(200);
    const failure = await errorOf(dropped.text());
    expect(failure).toBeInstanceOf(Error);

    const controller = new AbortController();
    const hanging = await fetch(`${mock.url}/v1/messages`, {
      method: "POST",
      headers: anthropicHeaders,
      body: JSON.stringify({ model: "hang-after-headers", max_tokens: 10, stream: true, messages: [{ role: "user", content: "hi" }] }),
      signal: controller.signal,
    });
    const reader = hanging.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toStartWith("event: message_start");
    const outcome = await Promise.race([reader.read().then(() => "data"), Bun.sleep(60).then(() => "silence")]);
    expect(outcome).toBe("silence");
    controller.abort();
  });
});
