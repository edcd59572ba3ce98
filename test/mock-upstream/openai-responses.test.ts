// Proves the mock upstream speaks the OpenAI Responses wire format: the official `openai` SDK is pointed at it
// directly (responses.create as JSON and as a stream, responses.stream().finalResponse()), plus raw-HTTP checks
// for the typed event order, sequence numbers and request validation.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI, { BadRequestError, InternalServerError, RateLimitError } from "openai";
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

const searchTool = { type: "function" as const, name: "search_web", parameters: { type: "object", properties: { query: { type: "string" } } }, strict: false };
const weatherTool = { type: "function" as const, name: "get_weather", parameters: { type: "object", properties: { query: { type: "string" } } }, strict: false };

function post(body: unknown): Promise<Response> {
  return fetch(`${mock.url}/v1/responses`, {
    method: "POST",
    headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
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

/** Output items as input items to replay: without the SDK's client-side `parsed_arguments` addition. */
function asInputItems(items: OpenAI.Responses.ResponseOutputItem[]): OpenAI.Responses.ResponseInputItem[] {
  return items.map((item) => {
    if (!("parsed_arguments" in item)) return item as OpenAI.Responses.ResponseInputItem;
    const { parsed_arguments: _parsed, ...wireItem } = item;
    return wireItem as OpenAI.Responses.ResponseInputItem;
  });
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => "no error", (caught: unknown) => caught);
}

describe("with the openai SDK", () => {
  test("responses.create echoes the last user text with word-count usage", async () => {
    const response = await client.responses.create({ model: "gpt-4o-mini", instructions: "be brief", input: "hello mock world" });
    expect(response.id).toMatch(/^resp_mock_\d+$/);
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("Echo: hello mock world");
    expect(response.output).toEqual([
      {
        id: expect.stringMatching(/^msg_mock_\d+$/),
        type: "message",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", annotations: [], logprobs: [], text: "Echo: hello mock world" }],
      },
    ]);
    expect(response.usage).toEqual({
      input_tokens: 5,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 4,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 9,
    });
    expect(response.instructions).toBe("be brief");
  });

  test("a model name containing 'cached' reports cached_tokens inside input_tokens", async () => {
    const response = await client.responses.create({ model: "gpt-cached", instructions: "be brief", input: "hello mock world" });
    expect(response.usage?.input_tokens).toBe(5);
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(3);
  });

  test("a streamed create yields typed events whose text and final response equal the JSON reply", async () => {
    const input = [{ role: "user" as const, content: [{ type: "input_text" as const, text: "one two three" }] }];
    const plain = await client.responses.create({ model: "gpt-4o", input });
    const stream = await client.responses.create({ model: "gpt-4o", input, stream: true });
    let text = "";
    const types: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }
    expect(text).toBe(plain.output_text);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    const withoutIds = (items: OpenAI.Responses.ResponseOutputItem[] = []) => items.map(({ id: _id, ...item }) => item);
    expect(withoutIds(completed?.output)).toEqual(withoutIds(plain.output));
    expect(completed?.usage).toEqual(plain.usage);
  });

  test("responses.stream().finalResponse() with tools; function_call_output is echoed back", async () => {
    const final = await client.responses
      .stream({ model: "gpt-4o-mini", input: "weather in Paris", tools: [searchTool, weatherTool] })
      .finalResponse();
    const calls = asInputItems(final.output.filter((item) => item.type === "function_call"));
    expect(calls).toEqual([
      { id: "fc_mock_1", type: "function_call", status: "completed", call_id: "call_mock_1", name: "search_web", arguments: '{"query":"weather in Paris"}' },
      { id: "fc_mock_2", type: "function_call", status: "completed", call_id: "call_mock_2", name: "get_weather", arguments: '{"query":"weather in Paris"}' },
    ]);

    const single = await client.responses.create({ model: "gpt-4o-mini", input: "look", tools: [searchTool, weatherTool], parallel_tool_calls: false });
    expect(single.output.length).toBe(1);

    const answered = await client.responses.create({
      model: "gpt-4o-mini",
      tools: [searchTool, weatherTool],
      input: [
        { role: "user", content: "weather in Paris" },
        ...calls,
        { type: "function_call_output", call_id: "call_mock_1", output: "sunny" },
        { type: "function_call_output", call_id: "call_mock_2", output: "22 degrees" },
      ],
    });
    expect(answered.output_text).toBe("Tool said: 22 degrees");
  });

  test("reasoning: a reasoning item first with summary and encrypted_content, replayable; forged content is rejected", async () => {
    const first = await client.responses
      .stream({
        model: "o4-mini",
        input: "find cats",
        reasoning: { effort: "low", summary: "auto" },
        include: ["reasoning.encrypted_content"],
        store: false,
        tools: [searchTool],
      })
      .finalResponse();
    const [reasoning, call] = first.output;
    expect(reasoning).toMatchObject({
      type: "reasoning",
      summary: [{ type: "summary_text", text: "Let me think about find cats" }],
      encrypted_content: expect.stringMatching(/^enc_mock_\d+$/),
    });
    expect(call).toMatchObject({ type: "function_call", call_id: "call_mock_1" });
    expect(first.usage?.output_tokens_details.reasoning_tokens).toBe(6);
    expect(first.usage?.output_tokens).toBe(6 + 2);

    const replay = (items: OpenAI.Responses.ResponseInputItem[]) =>
      client.responses.create({
        model: "o4-mini",
        reasoning: { effort: "low" },
        store: false,
        tools: [searchTool],
        input: [{ role: "user", content: "find cats" }, ...items, { type: "function_call_output", call_id: "call_mock_1", output: "3 cats" }],
      });
    const replayed = asInputItems(first.output);
    const second = await replay(replayed);
    expect(second.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(second.output_text).toBe("Tool said: 3 cats");

    const forged = replayed.map((item) => (item.type === "reasoning" ? { ...item, encrypted_content: "forged" } : item));
    const rejected = await errorOf(replay(forged));
    expect(rejected).toBeInstanceOf(BadRequestError);
    expect((rejected as BadRequestError).code).toBe("invalid_encrypted_content");
  });

  test("error scenarios and mid-stream-error", async () => {
    const rateLimited = await errorOf(client.responses.create({ model: "rate-limit", input: "hi" }));
    expect(rateLimited).toBeInstanceOf(RateLimitError);
    expect((rateLimited as RateLimitError).headers.get("retry-after")).toBe("2");
    expect(await errorOf(client.responses.create({ model: "error-500", input: "hi" }))).toBeInstanceOf(InternalServerError);

    const stream = await client.responses.create({ model: "mid-stream-error", input: "hello there friend", stream: true });
    let text = "";
    let failed: OpenAI.Responses.ResponseFailedEvent | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.failed") failed = event;
    }
    expect(text).toBe("Echo: hello ");
    expect(failed?.response.status).toBe("failed");
    expect(failed?.response.error).toEqual({ code: "server_error", message: "upstream exploded" });
  });
});

describe("over raw HTTP", () => {
  test("text stream has the documented event order with increasing sequence numbers", async () => {
    const events = namedEvents(await (await post({ model: "gpt-4o-mini", input: "a b", stream: true })).text());
    for (const [name, payload] of events) expect(payload["type"]).toBe(name);
    expect(events.map(([, payload]) => payload["sequence_number"])).toEqual(events.map((_, index) => index));
    expect(events.map(([name]) => name)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events[2]?.[1]).toMatchObject({ output_index: 0, item: { type: "message", status: "in_progress", content: [] } });
    expect(events[4]?.[1]).toMatchObject({ output_index: 0, content_index: 0, delta: "Echo: ", item_id: expect.stringMatching(/^msg_mock_/) });
    expect(events[7]?.[1]).toMatchObject({ text: "Echo: a b" });
    expect(events[10]?.[1]).toMatchObject({ response: { status: "completed", usage: { input_tokens: 2, output_tokens: 3, total_tokens: 5 } } });
  });

  test("reasoning and function-call events", async () => {
    const events = namedEvents(
      await (await post({ model: "o4-mini", input: "find cats", stream: true, reasoning: { effort: "low" }, tools: [searchTool] })).text(),
    );
    const names = events.map(([name]) => name);
    expect(names.slice(2, 5)).toEqual([
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
    ]);
    expect(names).toContain("response.reasoning_summary_text.done");
    const argumentDeltas = events.filter(([name]) => name === "response.function_call_arguments.delta");
    expect(argumentDeltas.length).toBeGreaterThanOrEqual(3);
    for (const [, payload] of argumentDeltas) expect(payload).toMatchObject({ item_id: "fc_mock_1", output_index: 1 });
    const argumentsDone = names.indexOf("response.function_call_arguments.done");
    expect(events[argumentsDone]?.[1]).toMatchObject({ name: "search_web", arguments: '{"query":"find cats"}' });
    expect(names[argumentsDone + 1]).toBe("response.output_item.done");
    expect(names.at(-1)).toBe("response.completed");
  });

  test("validation: flat tools, call_id pairing; no bearer is 401", async () => {
    const nested = await post({ model: "gpt-4o-mini", input: "hi", tools: [{ type: "function", function: { name: "f" } }] });
    expect(nested.status).toBe(400);
    expect(await nested.json()).toMatchObject({ error: { param: "tools[0].name", code: "missing_required_parameter" } });

    const orphan = await post({ model: "gpt-4o-mini", input: [{ type: "function_call_output", call_id: "call_x", output: "r" }] });
    expect(orphan.status).toBe(400);
    const unanswered = await post({
      model: "gpt-4o-mini",
      input: [{ role: "user", content: "hi" }, { type: "function_call", call_id: "call_y", name: "f", arguments: "{}" }],
    });
    expect(unanswered.status).toBe(400);

    const unauthenticated = await fetch(`${mock.url}/v1/responses`, { method: "POST", body: "{}" });
    expect(unauthenticated.status).toBe(401);
  });

  test("hang-after-headers stops after response.created; mid-stream-drop cuts the connection", async () => {
    const controller = new AbortController();
    const hanging = await fetch(`${mock.url}/v1/responses`, {
      method: "POST",
      headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
      body: JSON.stringify({ model: "hang-after-headers", input: "hi", stream: true }),
      signal: controller.signal,
    });
    const reader = hanging.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    expect(new TextDecoder().decode((await reader.read()).value)).toStartWith("event: response.created");
    const outcome = await Promise.race([reader.read().then(() => "data"), Bun.sleep(60).then(() => "silence")]);
    expect(outcome).toBe("silence");
    controller.abort();

    const dropped = await post({ model: "mid-stream-drop", input: "a b c", stream: true });
    expect(dropped.status).toBe(200);
    expect(await errorOf(dropped.text())).toBeInstanceOf(Error);
  });
});
