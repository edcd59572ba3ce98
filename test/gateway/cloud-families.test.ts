// Vertex AI (Gemini and Claude models), watsonx.ai and Gemini Code Assist behind a real gateway: every client SDK
// (OpenAI Chat, OpenAI Responses, Anthropic, @google/genai), JSON and streaming, gets text, instructions,
// history, tool calls and results, exact usage and upstream errors through them, while the mock answers each in
// its own wire format and checks the credential the gateway obtained (service-account JWT, IBM IAM token, OAuth).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { everyClient, midStreamErrorTest, readTool, searchTool, upstreamErrorStatusTest } from "../conformance/every-client.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";
import { createTestServiceAccount } from "../support/service-account.ts";

type Body = Record<string, any>;

/** Reads what the mock received, in each family's own fields. */
type Upstream = {
  name: string;
  connection: string;
  /** The model a scenario runs under (the Claude route needs a `claude-` name). */
  model(scenario?: string): string;
  /** Matches the request path for a model. */
  path: RegExp;
  /** Whether the upstream was asked to stream. */
  streamed(request: { path: string; search: string; body: Body }): boolean;
  systemText(body: Body): string;
  conversation(body: Body): string;
  toolNames(body: Body): string[];
};

const geminiInner = (body: Body): Body => body.request ?? body;
const geminiFields = {
  systemText: (body: Body) => (geminiInner(body).systemInstruction?.parts ?? []).map((part: Body) => part.text).join(" "),
  conversation: (body: Body) => JSON.stringify(geminiInner(body).contents),
  toolNames: (body: Body) => (geminiInner(body).tools?.[0]?.functionDeclarations ?? []).map((declaration: Body) => declaration.name),
};

const upstreams: Upstream[] = [
  {
    name: "vertex gemini",
    connection: "up-vertex",
    model: (scenario) => scenario ?? "gemini-2.5-flash",
    path: /^\/v1\/projects\/sa-project\/locations\/europe-west4\/publishers\/google\/models\/[^:]+:(generateContent|streamGenerateContent)$/,
    streamed: (request) => request.path.endsWith(":streamGenerateContent") && request.search === "?alt=sse",
    ...geminiFields,
  },
  {
    name: "vertex claude",
    connection: "up-vertex",
    model: (scenario) => (scenario ? `claude-scenario-${scenario}` : "claude-sonnet-4-5@20250929"),
    path: /^\/v1\/projects\/sa-project\/locations\/europe-west4\/publishers\/anthropic\/models\/[^:]+:(rawPredict|streamRawPredict)$/,
    streamed: (request) => request.path.endsWith(":streamRawPredict") && request.body.stream === true,
    systemText: (body) => (typeof body.system === "string" ? body.system : (body.system ?? []).map((block: Body) => block.text).join(" ")),
    conversation: (body) => JSON.stringify(body.messages),
    toolNames: (body) => (body.tools ?? []).map((tool: Body) => tool.name),
  },
  {
    name: "watsonx",
    connection: "up-watsonx",
    model: (scenario) => scenario ?? "ibm/granite-3-3-8b-instruct",
    path: /^\/ml\/v1\/text\/(chat|chat_stream)$/,
    streamed: (request) => request.path.endsWith("/chat_stream"),
    systemText: (body) => (body.messages as Body[]).filter((message) => message.role === "system").map((message) => JSON.stringify(message.content)).join(" "),
    conversation: (body) => JSON.stringify(body.messages),
    toolNames: (body) => (body.tools ?? []).map((tool: Body) => tool.function.name),
  },
  {
    name: "code assist",
    connection: "up-code-assist",
    model: (scenario) => scenario ?? "gemini-2.5-pro",
    path: /^\/v1internal:(generateContent|streamGenerateContent)$/,
    streamed: (request) => request.path.endsWith(":streamGenerateContent") && request.search === "?alt=sse",
    ...geminiFields,
  },
];

let mock: MockUpstream;
let fixture: GatewayFixture;

beforeAll(async () => {
  mock = await startMockUpstream();
  const serviceAccount = await createTestServiceAccount(`${mock.url}/token`);
  mock.cloud.trustServiceAccount(serviceAccount.clientEmail, serviceAccount.publicKey);
  fixture = await startGatewayFixture({
    mock,
    extraConfig: [
      "  - name: up-vertex",
      "    provider: vertex",
      "    baseUrl: {mock}",
      `    apiKey: '${JSON.stringify(serviceAccount.keyFile)}'`,
      "    settings: { location: europe-west4 }",
      "  - name: up-watsonx",
      "    provider: watsonx",
      "    baseUrl: {mock}",
      "    apiKey: ibm-cloud-api-key-0123456789",
      "    settings: { project_id: wx-project-1, iamUrl: '{mock}/identity/token' }",
      "  - name: up-code-assist",
      "    provider: gemini-cli",
      "    baseUrl: {mock}",
      "    apiKey: ya29.signed-in-user-0123456789",
      "",
    ].join("\n"),
  });
});
afterAll(async () => {
  await fixture.stop();
  await mock.stop();
});


for (const [clientName, clientFactory] of everyClient) {
  for (const upstream of upstreams) {
    for (const stream of [false, true]) {
      describe(`${clientName} client → ${upstream.name} (${stream ? "stream" : "JSON"})`, () => {
        const client = () => clientFactory(fixture.gateway.url);
        const model = (scenario?: string) => `${upstream.connection}/${upstream.model(scenario)}`;
        const last = () => {
          const request = mock.requests.findLast((entry) => upstream.path.test(entry.path));
          if (!request) throw new Error(`the mock received no ${upstream.name} request`);
          return { ...request, body: request.body as Body };
        };

        test("plain text, finish and usage, recorded as the upstream reported it", async () => {
          const before = fixture.usageRecords.length;
          const result = await client().run({ model: model(), prompt: "hello cloud world" }, stream);
          expect(result.text).toBe("Echo: hello cloud world");
          expect(result.finish).toBe("stop");
          expect(result.usage?.input).toBe(3);
          expect(result.usage?.output).toBe(4);
          expect(await fixture.nextUsageRecord(before)).toMatchObject({ status: 200, connection: upstream.connection, clientFormat: clientName, stream, inputTokens: 3, outputTokens: 4, estimated: false });
          expect(upstream.streamed(last())).toBe(stream);
        });

        test("system prompt and history arrive in order", async () => {
          const result = await client().run(
            { model: model(), system: "Be brief always", history: [{ role: "user", text: "first question" }, { role: "assistant", text: "first answer" }], prompt: "second question" },
            stream,
          );
          expect(result.text).toBe("Echo: second question");
          expect(upstream.systemText(last().body)).toContain("Be brief always");
          const sent = upstream.conversation(last().body);
          expect(sent.indexOf("first question")).toBeLessThan(sent.indexOf("first answer"));
          expect(sent.indexOf("first answer")).toBeLessThan(sent.indexOf("second question"));
        });

        test("parallel tool calls come back whole, and a tool result turn is answered", async () => {
          const result = await client().run({ model: model(), prompt: "find the answer", tools: [searchTool, readTool] }, stream);
          expect(upstream.toolNames(last().body)).toEqual(["search_docs", "read_file"]);
          expect(result.finish).toBe("tool_calls");
          expect(result.toolCalls.map((call) => call.name)).toEqual(["search_docs", "read_file"]);
          for (const call of result.toolCalls) expect(call.arguments).toEqual({ query: "find the answer" });
          expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(2);
          const answered = await client().run(
            { model: model(), prompt: "look it up", tools: [searchTool], toolResult: { callId: "call_cloud_1", name: "search_docs", arguments: { query: "look it up" }, result: "42 results" } },
            stream,
          );
          expect(answered.text).toBe("Tool said: 42 results");
        });

        upstreamErrorStatusTest({ client, model, stream, fixture: () => fixture });
        midStreamErrorTest({ client, model, stream, fixture: () => fixture });
      });
    }
  }
}
