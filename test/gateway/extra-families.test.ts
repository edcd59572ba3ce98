// The Ollama native (`/api/chat`, NDJSON streams), Cohere v2 (`/v2/chat`, typed SSE events) and Bedrock
// Converse (`/model/{id}/converse[-stream]`, binary event stream, signed with SigV4 here) upstream families
// behind a real gateway: every client SDK (OpenAI Chat, OpenAI Responses, Anthropic, @google/genai),
// JSON and streaming, must get text, instructions, history, images, tool calls and results, structured output,
// reasoning, usage and errors through them, with the mock checking each request the way the real API would.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { everyClient, midStreamErrorTest, readTool, searchTool, upstreamErrorStatusTest } from "../conformance/every-client.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { ollamaListedModels } from "../mock-upstream/ollama-chat.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";
import { tinyPng } from "../conformance/scenario.ts";
import { upstreams, type Body } from "./extra-family-upstreams.ts";

let mock: MockUpstream;
let fixture: GatewayFixture;

beforeAll(async () => {
  mock = await startMockUpstream();
  fixture = await startGatewayFixture({
    mock,
    extraConfig: [
      "  - name: up-ollama",
      "    provider: ollama-native",
      "    baseUrl: {mock}",
      "  - name: up-cohere",
      "    provider: cohere",
      "    baseUrl: {mock}",
      "    apiKey: co-extra-families-key-0123",
      "  - name: up-bedrock",
      "    provider: bedrock-converse",
      "    baseUrl: {mock}",
      `    apiKey: '${JSON.stringify({ accessKeyId: "AKIAEXTRAFAMILIES000", secretAccessKey: "extra-families-secret", region: "eu-west-3" })}'`,
      "",
    ].join("\n"),
  });
});
afterAll(async () => {
  await fixture.stop();
  await mock.stop();
});


function lastUpstreamRequest(path: string) {
  const request = mock.requests.findLast((entry) => entry.path === path);
  if (!request) throw new Error(`the mock received no request at ${path}`);
  return request;
}

for (const [clientName, clientFactory] of everyClient) {
  for (const upstream of upstreams) {
    for (const stream of [false, true]) {
      describe(`${clientName} client → ${upstream.family} upstream (${stream ? "stream" : "JSON"})`, () => {
        const client = () => clientFactory(fixture.gateway.url);
        const model = (scenario = upstream.model) => `${upstream.connection}/${scenario}`;
        const lastBody = () => lastUpstreamRequest(upstream.path(stream)).body as Body;

        test("plain text, finish and usage, recorded as the upstream reported it", async () => {
          const before = fixture.usageRecords.length;
          const result = await client().run({ model: model(), prompt: "hello extra world" }, stream);
          expect(result.text).toBe("Echo: hello extra world");
          expect(result.finish).toBe("stop");
          expect(result.toolCalls).toEqual([]);
          expect(result.usage?.input).toBe(3);
          expect(result.usage?.output).toBe(4);
          expect(await fixture.nextUsageRecord(before)).toMatchObject({ status: 200, connection: upstream.connection, clientFormat: clientName, stream, inputTokens: 3, outputTokens: 4, estimated: false });
          // The upstream was asked for exactly the mode the client asked for (Ollama streams unless told not to).
          if (upstream.family !== "bedrock-converse") expect(lastBody().stream).toBe(stream);
        });

        test("system prompt and history arrive in order as the upstream's own messages", async () => {
          const result = await client().run(
            { model: model(), system: "Be brief always", history: [{ role: "user", text: "first question" }, { role: "assistant", text: "first answer" }], prompt: "second question" },
            stream,
          );
          expect(result.text).toBe("Echo: second question");
          expect(upstream.systemText(lastBody())).toContain("Be brief always");
          const sent = JSON.stringify(lastBody().messages);
          expect(sent.indexOf("first question")).toBeLessThan(sent.indexOf("first answer"));
          expect(sent.indexOf("first answer")).toBeLessThan(sent.indexOf("second question"));
        });

        test("an image reaches the upstream as an image", async () => {
          const result = await client().run({ model: model(), prompt: "describe this", image: { mediaType: "image/png", data: tinyPng } }, stream);
          expect(result.text).toBe("Echo: describe this");
          expect(upstream.hasImage(lastBody())).toBe(true);
          expect(JSON.stringify(lastBody())).toContain(tinyPng);
        });

        test("parallel tool calls come back whole, with distinct ids", async () => {
          const result = await client().run({ model: model(), prompt: "find the answer", tools: [searchTool, readTool] }, stream);
          expect(upstream.toolNames(lastBody())).toEqual(["search_docs", "read_file"]);
          expect(result.finish).toBe("tool_calls");
          expect(result.toolCalls.map((call) => call.name)).toEqual(["search_docs", "read_file"]);
          for (const call of result.toolCalls) expect(call.arguments).toEqual({ query: "find the answer" });
          expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(2);
          expect(result.toolCalls.every((call) => call.id.length > 0)).toBe(true);
        });

        test("a tool result turn is answered", async () => {
          const result = await client().run(
            { model: model(), prompt: "look it up", tools: [searchTool], toolResult: { callId: "call_extra_1", name: "search_docs", arguments: { query: "look it up" }, result: "42 results" } },
            stream,
          );
          expect(result.text).toBe("Tool said: 42 results");
          expect(upstream.toolResult(lastBody())).toMatchObject(upstream.toolResultFields);
        });

        test("structured output reaches the upstream as its schema field", async () => {
          const schema = { type: "object", properties: { answer_field: { type: "string" } }, required: ["answer_field"] };
          const result = await client().run({ model: model(), prompt: "answer in json", jsonSchema: { name: "answer", schema } }, stream);
          expect(JSON.parse(result.text)).toEqual({ echo: "answer in json" });
          expect(JSON.stringify(upstream.schema(lastBody()))).toContain("answer_field");
        });

        test("reasoning reaches the client, and a tool loop replays the calls without an upstream error", async () => {
          const { first, second } = await client().toolLoop({ model: model(), prompt: "think then search", tools: [searchTool], thinking: true }, stream, "7 hits");
          expect(first.reasoning).toContain("Let me think about think then search");
          expect(first.toolCalls.map((call) => call.name)).toEqual(["search_docs"]);
          expect(second.text).toBe("Tool said: 7 hits");
        });

        if (upstream.reportsCachedTokens) {
          test("cached input tokens are reported the client's way and recorded", async () => {
            const before = fixture.usageRecords.length;
            const result = await client().run({ model: model(`${upstream.model}-cached`), prompt: "one two three four five" }, stream);
            expect(result.usage?.cached).toBe(3);
            expect(result.usage?.input).toBe(5);
            expect(await fixture.nextUsageRecord(before)).toMatchObject({ inputTokens: 5, cachedInputTokens: 3, outputTokens: 6 });
          });
        }

        upstreamErrorStatusTest({ client, model, stream, fixture: () => fixture });
        midStreamErrorTest({ client, model, stream, fixture: () => fixture });
      });
    }
  }
}

describe("upstream details", () => {
  test("Ollama's local models are discovered through GET /api/tags and resolve by bare name", async () => {
    const listed = (await fixture.client().models.list()).data.map((entry) => entry.id);
    for (const name of ollamaListedModels) expect(listed).toContain(`up-ollama/${name}`);
    const completion = await fixture.client().chat.completions.create({ model: "qwen3:8b", messages: [{ role: "user", content: "bare name" }] });
    expect(completion.choices[0]!.message.content).toBe("Echo: bare name");
    expect(lastUpstreamRequest("/api/chat").body).toMatchObject({ model: "qwen3:8b", stream: false });
  });

  test("Ollama gets sampling and length in options, and no Authorization header", async () => {
    await fixture.client().chat.completions.create({
      model: "up-ollama/llama3.2:latest",
      messages: [{ role: "user", content: "tune me" }],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 64,
      stop: ["END"],
      seed: 7,
    });
    const request = lastUpstreamRequest("/api/chat");
    expect((request.body as Body).options).toEqual({ temperature: 0.2, top_p: 0.9, num_predict: 64, stop: ["END"], seed: 7 });
    expect(request.headers["authorization"]).toBeUndefined();
  });

  test("Cohere gets the connection's key as a Bearer token and its own parameter names", async () => {
    await fixture.client().chat.completions.create({
      model: "up-cohere/command-a-03-2025",
      messages: [{ role: "user", content: "tune me" }],
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 10_000,
      stop: ["END"],
      tools: [{ type: "function", function: { name: "search_docs", parameters: { type: "object", properties: {} } } }],
      tool_choice: "required",
    });
    const request = lastUpstreamRequest("/v2/chat");
    expect(request.headers["authorization"]).toBe("Bearer co-extra-families-key-0123");
    // max_tokens is clamped to the catalog's maxOutput for command-a-03-2025 (8000).
    expect(request.body).toMatchObject({ temperature: 0.3, p: 0.8, max_tokens: 8000, stop_sequences: ["END"], tool_choice: "REQUIRED", stream: false });
  });

  test("an upstream error keeps the upstream's message", async () => {
    const failure = await fixture
      .client()
      .chat.completions.create({ model: "up-ollama/error-404", messages: [{ role: "user", content: "where" }] })
      .catch((error: unknown) => error as { status: number; message: string });
    expect(failure).toMatchObject({ status: 404 });
    expect((failure as { message: string }).message).toContain("model 'error-404' not found");
    const cohereFailure = await fixture
      .client()
      .chat.completions.create({ model: "up-cohere/error-401", messages: [{ role: "user", content: "who" }] })
      .catch((error: unknown) => error as { status: number; message: string });
    expect((cohereFailure as { message: string }).message).toContain("invalid api token");
  });
});
