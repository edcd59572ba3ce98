// One suite over every client format × upstream family (16 pairs), JSON and streaming, with the official SDKs
// as clients and a mock upstream that speaks each family's real wire format. Each pair must carry text,
// instructions, history, images, tools (parallel, streamed arguments, results, signed reasoning replayed),
// structured output, reasoning, usage (cached included) and errors through translation.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";
import { everyClient, midStreamErrorTest, readTool, searchTool, statusOf } from "./every-client.ts";
import { tinyPng } from "./scenario.ts";
import { upstreamInspectors } from "./upstream-inspectors.ts";

let mock: MockUpstream;
let fixture: GatewayFixture;

beforeAll(async () => {
  mock = await startMockUpstream();
  fixture = await startGatewayFixture({
    mock,
    extraConfig: [
      "  - name: up-openai-chat",
      "    provider: openai-chat",
      "    baseUrl: {mock}/v1",
      "    apiKey: sk-conformance-chat-0123",
      "  - name: up-openai-responses",
      "    provider: openai-responses",
      "    baseUrl: {mock}/v1",
      "    apiKey: sk-conformance-responses-0123",
      "  - name: up-anthropic",
      "    provider: anthropic",
      "    baseUrl: {mock}",
      "    apiKey: sk-ant-conformance-0123",
      "  - name: up-gemini",
      "    provider: gemini",
      "    baseUrl: {mock}",
      "    apiKey: AIzaConformanceKey0123456789abcdef",
      "",
    ].join("\n"),
  });
});
afterAll(async () => {
  await fixture.stop();
  await mock.stop();
});


const clientFactories = everyClient.map(([, factory]) => factory);
const clientNames = everyClient.map(([name]) => name);

function lastUpstreamBody(): Record<string, any> {
  return mock.requests.at(-1)!.body as Record<string, any>;
}

clientNames.forEach((clientName, clientIndex) => {
  for (const upstream of upstreamInspectors) {
    for (const stream of [false, true]) {
      describe(`${clientName} client → ${upstream.family} upstream (${stream ? "stream" : "JSON"})`, () => {
        const client = () => clientFactories[clientIndex]!(fixture.gateway.url);
        const model = (scenario = upstream.model) => `up-${upstream.family}/${scenario}`;

        test("plain text, finish and usage, recorded exactly as the upstream reported it", async () => {
          const before = fixture.usageRecords.length;
          const result = await client().run({ model: model(), prompt: "hello conformance world" }, stream);
          expect(result.text).toBe("Echo: hello conformance world");
          expect(result.finish).toBe("stop");
          expect(result.toolCalls).toEqual([]);
          expect(result.usage?.output).toBe(4);
          expect(result.usage?.input).toBe(3);
          const record = await fixture.nextUsageRecord(before);
          expect(record).toMatchObject({ status: 200, connection: `up-${upstream.family}`, clientFormat: clientName, stream, inputTokens: 3, outputTokens: 4, estimated: false });
        });

        test("system prompt arrives as the upstream's instructions", async () => {
          const result = await client().run({ model: model(), system: "Be brief always", prompt: "say something" }, stream);
          expect(result.text).toBe("Echo: say something");
          expect(upstream.systemText(lastUpstreamBody())).toContain("Be brief always");
          expect(result.usage?.input).toBe(5);
        });

        test("multi-turn history is kept in order", async () => {
          const result = await client().run(
            { model: model(), history: [{ role: "user", text: "first question" }, { role: "assistant", text: "first answer" }], prompt: "second question" },
            stream,
          );
          expect(result.text).toBe("Echo: second question");
          const sent = JSON.stringify(lastUpstreamBody());
          expect(sent.indexOf("first question")).toBeLessThan(sent.indexOf("first answer"));
          expect(sent.indexOf("first answer")).toBeLessThan(sent.indexOf("second question"));
        });

        test("an image reaches the upstream as an image", async () => {
          const result = await client().run({ model: model(), prompt: "describe this", image: { mediaType: "image/png", data: tinyPng } }, stream);
          expect(result.text).toBe("Echo: describe this");
          expect(upstream.hasImage(lastUpstreamBody())).toBe(true);
          expect(JSON.stringify(lastUpstreamBody())).toContain(tinyPng);
        });

        test("parallel tool calls come back whole, arguments reassembled", async () => {
          const result = await client().run({ model: model(), prompt: "find the answer", tools: [searchTool, readTool] }, stream);
          expect(upstream.toolNames(lastUpstreamBody())).toEqual(["search_docs", "read_file"]);
          expect(result.finish).toBe("tool_calls");
          expect(result.toolCalls.map((call) => call.name)).toEqual(["search_docs", "read_file"]);
          for (const call of result.toolCalls) {
            expect(call.arguments).toEqual({ query: "find the answer" });
            expect(call.id.length).toBeGreaterThan(0);
          }
          expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(2);
        });

        test("a tool result turn is answered", async () => {
          const result = await client().run(
            { model: model(), prompt: "look it up", tools: [searchTool], toolResult: { callId: "call_conformance_1", name: "search_docs", arguments: { query: "look it up" }, result: "42 results" } },
            stream,
          );
          expect(result.text).toBe("Tool said: 42 results");
        });

        test("structured output reaches the upstream as its own schema field", async () => {
          const schema = { type: "object", properties: { answer_field: { type: "string" } }, required: ["answer_field"] };
          const result = await client().run({ model: model(), prompt: "answer in json", jsonSchema: { name: "answer", schema } }, stream);
          expect(JSON.parse(result.text)).toEqual({ echo: "answer in json" });
          expect(JSON.stringify(upstream.schema(lastUpstreamBody()))).toContain("answer_field");
        });

        test("cached input tokens are reported the client's way and recorded", async () => {
          const before = fixture.usageRecords.length;
          const result = await client().run({ model: model(`${upstream.model}-cached`), prompt: "one two three four five" }, stream);
          expect(result.usage?.cached).toBe(3);
          expect(result.usage?.input).toBe(5);
          expect(await fixture.nextUsageRecord(before)).toMatchObject({ inputTokens: 5, cachedInputTokens: 3, outputTokens: 6 });
        });

        if (upstream.family !== "openai-chat") {
          test("reasoning reaches the client, and a tool loop replays it (signatures intact) without an upstream error", async () => {
            const { first, second } = await client().toolLoop({ model: model(), prompt: "think then search", tools: [searchTool], thinking: true }, stream, "7 hits");
            expect(first.reasoning).toContain("Let me think about think then search");
            expect(first.toolCalls.map((call) => call.name)).toEqual(["search_docs"]);
            expect(second.text).toBe("Tool said: 7 hits");
          });
        }

        test("an upstream 400 reaches the client as a 400 in its own error shape", async () => {
          expect(await statusOf(client().run({ model: model("error-400"), prompt: "bad" }, stream))).toBe(400);
        });

        test("an upstream 500 reaches the client as a 500, and the failure is recorded", async () => {
          const before = fixture.usageRecords.length;
          expect(await statusOf(client().run({ model: model("error-500"), prompt: "boom" }, stream))).toBe(500);
          expect(await fixture.nextUsageRecord(before)).toMatchObject({ status: 500, attempts: 1, inputTokens: 0 });
        });

        test("an upstream 429 reaches the client as a 429", async () => {
          expect(await statusOf(client().run({ model: model("rate-limit"), prompt: "slow down" }, stream))).toBe(429);
        });

        midStreamErrorTest({ client, model, stream, fixture: () => fixture });
      });
    }
  }
});
