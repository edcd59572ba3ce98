// The openai SDK pointed at the gateway gets what it would get going direct to the upstream: completions,
// streams, tool calls and embeddings.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture();
});
afterAll(() => fixture.stop());

const messages = [
  { role: "system" as const, content: "You are terse." },
  { role: "user" as const, content: "Say hello to the gateway" },
];

const tools = [
  { type: "function" as const, function: { name: "search_docs", description: "Search", parameters: { type: "object", properties: { query: { type: "string" } } } } },
  { type: "function" as const, function: { name: "read_file", parameters: { type: "object", properties: { path: { type: "string" } } } } },
];

describe("OpenAI-compatible proxy", () => {
  test("a completion carries the same content as going direct, and says which route served it", async () => {
    const { data, response } = await fixture.client().chat.completions.create({ model: "mock/gpt-4o-mini", messages }).withResponse();
    const direct = await fixture.direct().chat.completions.create({ model: "gpt-4o-mini", messages });
    expect(data.choices[0]!.message.content).toBe("Echo: Say hello to the gateway");
    expect(data.choices[0]!.message).toEqual(direct.choices[0]!.message);
    expect(data.usage).toEqual(direct.usage);
    expect(response.headers.get("x-amrouter-route")).toBe("mock/gpt-4o-mini");
    const upstream = fixture.mock.requests.at(-2)!;
    expect((upstream.body as { model: string }).model).toBe("gpt-4o-mini");
  });

  test("a stream yields the same text as going direct and as the JSON reply", async () => {
    const collect = async (stream: AsyncIterable<{ choices: Array<{ delta?: { content?: string | null } }> }>) => {
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      return text;
    };
    const viaGateway = await collect(await fixture.client().chat.completions.create({ model: "mock/gpt-4o-mini", messages, stream: true }));
    const direct = await collect(await fixture.direct().chat.completions.create({ model: "gpt-4o-mini", messages, stream: true }));
    expect(viaGateway).toBe("Echo: Say hello to the gateway");
    expect(viaGateway).toBe(direct);
  });

  test("stream usage reaches the client when it asks for it", async () => {
    const stream = await fixture.client().chat.completions.create({
      model: "mock/gpt-4o-mini",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: unknown;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 6, total_tokens: 14 });
  });

  test("parallel tool calls with streamed arguments reassemble identically through the SDK helper", async () => {
    const body = { model: "mock/gpt-4o-mini", messages, tools };
    const viaGateway = await fixture.client().chat.completions.stream(body).finalChatCompletion();
    const direct = await fixture.direct().chat.completions.stream({ ...body, model: "gpt-4o-mini" }).finalChatCompletion();
    const calls = viaGateway.choices[0]!.message.tool_calls!;
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => (call.type === "function" ? call.function.name : ""))).toEqual(["search_docs", "read_file"]);
    expect(calls[0]!.type === "function" && JSON.parse(calls[0]!.function.arguments)).toEqual({ query: "Say hello to the gateway" });
    expect(viaGateway.choices[0]!.message.tool_calls).toEqual(direct.choices[0]!.message.tool_calls);
    expect(viaGateway.choices[0]!.finish_reason).toBe("tool_calls");
  });

  test("a tool result turn is answered", async () => {
    const result = await fixture.client().chat.completions.create({
      model: "mock/gpt-4o-mini",
      tools,
      messages: [
        ...messages,
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "search_docs", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "call_1", content: "42 results" },
      ],
    });
    expect(result.choices[0]!.message.content).toBe("Tool said: 42 results");
  });

  test("embeddings decode to the same vectors as going direct (SDK default base64)", async () => {
    const viaGateway = await fixture.client().embeddings.create({ model: "mock/text-embedding-3-small", input: ["alpha", "beta"] });
    const direct = await fixture.direct().embeddings.create({ model: "text-embedding-3-small", input: ["alpha", "beta"] });
    expect(viaGateway.data).toHaveLength(2);
    expect(viaGateway.data.map((item) => item.embedding)).toEqual(direct.data.map((item) => item.embedding));
  });

  test("embeddings are re-encoded when the upstream only returns floats", async () => {
    const viaGateway = await fixture.client().embeddings.create({ model: "mock/embed-floats-only", input: "alpha" });
    const direct = await fixture.direct().embeddings.create({ model: "text-embedding-3-small", input: "alpha", encoding_format: "float" });
    expect(viaGateway.data[0]!.embedding).toEqual(direct.data[0]!.embedding);
    const raw = await fetch(`${fixture.gateway.url}/v1/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "mock/embed-floats-only", input: "alpha", encoding_format: "base64" }),
    }).then((response) => response.json() as Promise<{ data: Array<{ embedding: unknown }> }>);
    expect(typeof raw.data[0]!.embedding).toBe("string");
  });

  test("the model list names every model of the connection as connection/model", async () => {
    const fixtureWithModels = await startGatewayFixture({
      mock: fixture.mock,
      extraConfig: "  - name: listed\n    provider: openai-chat\n    baseUrl: {mock}/v1\n    apiKey: sk-listed-0123456789\n    models: [alpha, beta]\n",
    });
    try {
      const ids: string[] = [];
      for await (const model of fixtureWithModels.client().models.list()) ids.push(model.id);
      expect(ids).toContain("listed/alpha");
      expect(ids).toContain("listed/beta");
    } finally {
      await fixtureWithModels.stop();
    }
  });

  test("a connection without a model list offers what its upstream's /models reports, also by bare name", async () => {
    const ids: string[] = [];
    for await (const model of fixture.client().models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(["mock/gpt-4o-mini", "mock/gpt-4o", "mock/text-embedding-3-small"]));
    const { response } = await fixture.client().chat.completions.create({ model: "gpt-4o", messages }).withResponse();
    expect(response.headers.get("x-amrouter-route")).toBe("mock/gpt-4o");
  });

  test("GET /health answers", async () => {
    const health = (await fetch(`${fixture.gateway.url}/health`).then((response) => response.json())) as { status: string };
    expect(health.status).toBe("ok");
  });
});
