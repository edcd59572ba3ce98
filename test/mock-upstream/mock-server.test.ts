// Proves the mock upstream really speaks OpenAI's wire format: the official `openai` SDK is pointed at it directly
// (no gateway in between), plus raw-HTTP checks for the byte-level details the SDK hides (stream order, headers).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } from "openai";
import { startMockUpstream, type MockUpstream } from "./mock-server.ts";

let mock: MockUpstream;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});

afterAll(async () => {
  await mock.stop();
});

const searchTool = {
  type: "function" as const,
  function: { name: "search_web", parameters: { type: "object", properties: { query: { type: "string" } } } },
};
const weatherTool = {
  type: "function" as const,
  function: { name: "get_weather", parameters: { type: "object", properties: { query: { type: "string" } } } },
};

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { authorization: "Bearer sk-test", "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Parses an SSE body into its `data:` payloads (JSON objects, or the literal "[DONE]"). */
function dataPayloads(text: string): unknown[] {
  return text
    .split("\n\n")
    .filter((event) => event.startsWith("data: "))
    .map((event) => event.slice("data: ".length))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

describe("with the openai SDK", () => {
  test("plain completion echoes the last user message with word-count usage", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hello mock world" },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-mock-\d+$/);
    expect(completion.object).toBe("chat.completion");
    expect(completion.created).toBe(1700000000);
    expect(completion.model).toBe("gpt-4o-mini");
    expect(completion.system_fingerprint).toBe("fp_mock");
    expect(completion.choices[0]?.message.content).toBe("Echo: hello mock world");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage).toEqual({
      prompt_tokens: 5,
      completion_tokens: 4,
      total_tokens: 9,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });

    const recorded = mock.requests.find((request) => request.path === "/v1/chat/completions");
    expect(recorded?.method).toBe("POST");
    expect(recorded?.headers["authorization"]).toBe("Bearer sk-test");
    expect(recorded?.body).toMatchObject({ model: "gpt-4o-mini" });
  });

  test("streamed text equals the JSON reply, arrives over time, and ends with usage", async () => {
    const messages = [{ role: "user" as const, content: [{ type: "text" as const, text: "one two three four five" }] }];
    const plain = await client.chat.completions.create({ model: "gpt-4o", messages });

    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let contentChunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    const arrivalTimes: number[] = [];
    for await (const chunk of stream) {
      arrivalTimes.push(performance.now());
      const delta = chunk.choices[0]?.delta.content;
      if (delta) contentChunks += 1;
      text += delta ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(plain.choices[0]?.message.content ?? "missing");
    expect(contentChunks).toBe(6);
    expect(usage).toEqual(plain.usage);
    expect((arrivalTimes.at(-1) ?? 0) - (arrivalTimes[0] ?? 0)).toBeGreaterThan(10);
  });

  test("stream helper reassembles parallel tool-call arguments", async () => {
    const runner = client.chat.completions.stream({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "weather in Paris" }],
      tools: [searchTool, weatherTool],
    });
    const completion = await runner.finalChatCompletion();
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    const calls = (choice?.message.tool_calls ?? []).map((call) =>
      call.type === "function" ? { id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) } : call,
    );
    expect(calls).toEqual([
      { id: "call_mock_1", name: "search_web", arguments: { query: "weather in Paris" } },
      { id: "call_mock_2", name: "get_weather", arguments: { query: "weather in Paris" } },
    ]);
  });

  test("tool calls respect parallel_tool_calls:false, and a tool result is echoed back", async () => {
    const first = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "look it up" }],
      tools: [searchTool, weatherTool],
      parallel_tool_calls: false,
    });
    const message = first.choices[0]?.message;
    expect(message?.tool_calls?.length).toBe(1);
    const second = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: "look it up" },
        { role: "assistant", content: null, tool_calls: message?.tool_calls ?? [] },
        { role: "tool", tool_call_id: "call_mock_1", content: "42 degrees" },
      ],
      tools: [searchTool],
    });
    expect(second.choices[0]?.message.content).toBe("Tool said: 42 degrees");
  });

  test("embeddings: the SDK's default base64 decodes to the float response", async () => {
    const input = ["first text", "second text"];
    const floats = await client.embeddings.create({ model: "text-embedding-3-small", input, encoding_format: "float" });
    const decoded = await client.embeddings.create({ model: "text-embedding-3-small", input });
    expect(mock.requests.at(-1)?.body).toMatchObject({ encoding_format: "base64" });
    expect(floats.data.map((item) => item.embedding.length)).toEqual([8, 8]);
    expect(floats.data[0]?.embedding).not.toEqual(floats.data[1]?.embedding);
    expect(new Set(floats.data[0]?.embedding).size).toBeGreaterThan(1);
    expect(decoded.data.map((item) => item.embedding)).toEqual(floats.data.map((item) => item.embedding));
    expect(floats.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });

    const raw = await client.embeddings.create({ model: "text-embedding-3-small", input: "x", encoding_format: "base64" });
    expect(typeof raw.data[0]?.embedding).toBe("string");
    const floatsOnly = await client.embeddings.create({ model: "embed-floats-only", input: "x", encoding_format: "base64" });
    expect(Array.isArray(floatsOnly.data[0]?.embedding)).toBe(true);
  });

  test("rate-limit surfaces as RateLimitError with status 429 and retry headers", async () => {
    const error = await client.chat.completions
      .create({ model: "rate-limit", messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimitError = error as RateLimitError;
    expect(rateLimitError.status).toBe(429);
    expect(rateLimitError.code).toBe("rate_limit_exceeded");
    expect(rateLimitError.type).toBe("requests");
    expect(rateLimitError.headers.get("retry-after")).toBe("2");
    expect(rateLimitError.headers.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  test("mid-stream-error makes the SDK throw after some content", async () => {
    const stream = await client.chat.completions.create({
      model: "mid-stream-error",
      messages: [{ role: "user", content: "hello there friend" }],
      stream: true,
    });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).message).toContain("upstream exploded");
    expect(text).toBe("Echo: hello ");
  });

  test("hang is released by an AbortController and by the SDK timeout", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await client.chat.completions
      .create({ model: "hang", messages: [{ role: "user", content: "hi" }] }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(aborted).toBeInstanceOf(APIUserAbortError);

    const timedOut = await client.chat.completions
      .create({ model: "hang", messages: [{ role: "user", content: "hi" }] }, { timeout: 50 })
      .catch((caught: unknown) => caught);
    expect(timedOut).toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe("over raw HTTP", () => {
  test("missing or empty bearer key gives 401 invalid_api_key", async () => {
    for (const authorization of [undefined, "Bearer ", "Basic abc"]) {
      const response = await fetch(`${mock.url}/v1/models`, authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" },
      });
    }
  });

  test("unknown route is 404, bad JSON is 400, both in OpenAI error shape", async () => {
    const missing = await post("/v1/nothing-here", {});
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: "invalid_request_error", param: null, code: null } });

    const badJson = await post("/v1/chat/completions", "{not json");
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    expect(mock.requests.at(-1)?.body).toBe("{not json");
  });

  test("model list", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"]);
    expect(models.data[0]).toMatchObject({ object: "model", owned_by: "system" });
  });

  test("error-<status> and context-too-long scenarios", async () => {
    const expected: Array<[string, number, string, string | null]> = [
      ["error-400", 400, "invalid_request_error", null],
      ["error-401", 401, "invalid_request_error", "invalid_api_key"],
      ["error-403", 403, "request_forbidden", "unsupported_country_region_territory"],
      ["error-404", 404, "invalid_request_error", "model_not_found"],
      ["error-500", 500, "server_error", null],
      ["error-503", 503, "server_error", "service_unavailable"],
      ["context-too-long", 400, "invalid_request_error", "context_length_exceeded"],
    ];
    for (const [model, status, type, code] of expected) {
      const response = await post("/v1/chat/completions", { model, messages: [{ role: "user", content: "hi" }] });
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: { type, code } });
    }
  });

  test("text stream has OpenAI's exact chunk order", async () => {
    const response = await post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "a b" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const payloads = dataPayloads(await response.text());
    const deltas: unknown[] = payloads.map((payload) =>
      typeof payload === "string" ? payload : ((payload as { choices: unknown[] }).choices[0] ?? "usage"),
    );
    expect(deltas).toEqual([
      { delta: { role: "assistant", content: "" }, finish_reason: null, index: 0, logprobs: null },
      { delta: { content: "Echo: " }, finish_reason: null, index: 0, logprobs: null },
      { delta: { content: "a " }, finish_reason: null, index: 0, logprobs: null },
      { delta: { content: "b" }, finish_reason: null, index: 0, logprobs: null },
      { delta: {}, finish_reason: "stop", index: 0, logprobs: null },
      "usage",
      "[DONE]",
    ]);
    expect(payloads.slice(0, 5).every((payload) => (payload as { usage: unknown }).usage === null)).toBe(true);
    expect(payloads[5]).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } });

    const withoutUsage = await post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "a b" }],
      stream: true,
    });
    const plainPayloads = dataPayloads(await withoutUsage.text());
    expect(plainPayloads.some((payload) => typeof payload === "object" && payload !== null && "usage" in payload)).toBe(false);
  });

  test("tool-call stream: header delta, then at least 3 argument fragments carrying only index", async () => {
    const response = await post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "find cats" }],
      tools: [searchTool],
      stream: true,
    });
    const toolDeltas = dataPayloads(await response.text())
      .filter((payload): payload is { choices: Array<{ delta: { tool_calls?: unknown[] } }> } => typeof payload === "object")
      .flatMap((payload) => payload.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: "call_mock_1",
      type: "function",
      function: { name: "search_web", arguments: "" },
    });
    const fragments = toolDeltas.slice(1) as Array<{ index: number; function: { arguments: string } }>;
    expect(fragments.length).toBeGreaterThanOrEqual(3);
    for (const fragment of fragments) expect(Object.keys(fragment).sort()).toEqual(["function", "index"]);
    expect(fragments.map((fragment) => fragment.function.arguments).join("")).toBe('{"query":"find cats"}');
  });

  test("mid-stream-drop cuts the connection without [DONE]", async () => {
    const response = await post("/v1/chat/completions", {
      model: "mid-stream-drop",
      messages: [{ role: "user", content: "hello there friend" }],
      stream: true,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    let received = "";
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return "ended cleanly";
        received += new TextDecoder().decode(value);
      }
    })().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(Error);
    expect(received).toContain("Echo: ");
    expect(received).not.toContain("[DONE]");
  });

  test("hang-after-headers sends 200 and the first chunk, then nothing until aborted", async () => {
    const response = await post("/v1/chat/completions", {
      model: "hang-after-headers",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"role":"assistant"');
    const next = reader.read();
    const outcome = await Promise.race([next.then(() => "data"), Bun.sleep(60).then(() => "silence")]);
    expect(outcome).toBe("silence");
    await reader.cancel();
  });

  test("slow-<ms> waits before answering; echo-headers returns the received headers", async () => {
    const started = performance.now();
    const slow = await post("/v1/chat/completions", { model: "slow-120", messages: [{ role: "user", content: "hi" }] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(((await slow.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe("Echo: hi");

    const echoed = await post(
      "/v1/chat/completions",
      { model: "echo-headers", messages: [{ role: "user", content: "hi" }] },
      { "X-Custom-Header": "forwarded" },
    );
    const body = (await echoed.json()) as { choices: Array<{ message: { content: string } }> };
    const headers = JSON.parse(body.choices[0]?.message.content ?? "{}") as Record<string, string>;
    expect(headers["x-custom-header"]).toBe("forwarded");
    expect(headers["authorization"]).toBe("Bearer sk-test");
  });

  test("OpenAI-style validation of tool pairing and stream_options", async () => {
    const orphanTool = await post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }, { role: "tool", tool_call_id: "call_x", content: "result" }],
    });
    expect(orphanTool.status).toBe(400);

    const unanswered = await post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_x", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "user", content: "again" },
      ],
    });
    expect(unanswered.status).toBe(400);

    const streamOptions = await post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream_options: { include_usage: true },
    });
    expect(streamOptions.status).toBe(400);
  });

  test("every request is recorded with lowercased headers; reset clears the record", async () => {
    await fetch(`${mock.url}/v1/models?limit=1`, { headers: { Authorization: "Bearer sk-test", "X-Trace": "abc" } });
    const recorded = mock.requests.at(-1);
    expect(recorded).toMatchObject({ method: "GET", path: "/v1/models", search: "?limit=1", body: null });
    expect(recorded?.headers["x-trace"]).toBe("abc");
    mock.reset();
    expect(mock.requests).toEqual([]);
  });
});
