// Proves the mock speaks Bedrock Converse the way bedrock-runtime does: Bearer or SigV4 authentication (a
// malformed signature is refused), Bedrock's request checks and `{message}` bodies typed by x-amzn-errortype,
// the JSON reply and the binary ConverseStream with its exception message.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createEventStreamFramer } from "../../src/protocol/bedrock-converse/event-stream-framer.ts";
import { signAwsRequest } from "../../src/upstream/aws-signature-v4.ts";
import { startMockUpstream, type MockUpstream } from "./mock-server.ts";

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(async () => {
  await mock.stop();
});

const model = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const user = (text: string) => ({ role: "user", content: [{ text }] });

function converse(body: Record<string, unknown>, options: { modelId?: string; stream?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
  const operation = options.stream ? "converse-stream" : "converse";
  return fetch(`${mock.url}/model/${encodeURIComponent(options.modelId ?? model)}/${operation}`, {
    method: "POST",
    headers: options.headers ?? { authorization: "Bearer bedrock-api-key-test", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function streamEvents(response: Response): Promise<Array<[string, Record<string, any>]>> {
  const framer = createEventStreamFramer();
  return framer.push(new Uint8Array(await response.arrayBuffer())).map((event) => [event.event ?? "", JSON.parse(event.data) as Record<string, any>]);
}

describe("mock Bedrock Converse", () => {
  test("authentication: no header is refused, a malformed signature is refused, a SigV4 signature is accepted", async () => {
    const anonymous = await converse({ messages: [user("hi")] }, { headers: {} });
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers.get("x-amzn-errortype")).toStartWith("MissingAuthenticationTokenException:");
    const malformed = await converse({ messages: [user("hi")] }, { headers: { authorization: "AWS4-HMAC-SHA256 Credential=nope" } });
    expect(malformed.status).toBe(403);
    expect(await malformed.json()).toMatchObject({ message: expect.stringContaining("Credential") });

    const body = JSON.stringify({ messages: [user("signed hello")] });
    const url = `${mock.url}/model/${encodeURIComponent(model)}/converse`;
    const headers = new Headers({ "content-type": "application/json" });
    signAwsRequest({ method: "POST", url, headers, body }, { accessKeyId: "AKIAMOCKEXAMPLE12345", secretAccessKey: "secret", sessionToken: "token" }, { region: "us-east-1", service: "bedrock" });
    const signed = await fetch(url, { method: "POST", headers, body });
    expect(signed.status).toBe(200);
    expect(mock.requests.at(-1)!.headers["authorization"]).toMatch(/SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,/);
  });

  test("JSON reply: content, stopReason, usage with cache reads and writes apart from inputTokens", async () => {
    const response = await converse({ system: [{ text: "be nice" }], messages: [user("one two three four five")] }, { modelId: "anthropic.claude-cached-cache-write" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      output: { message: { role: "assistant", content: [{ text: "Echo: one two three four five" }] } },
      stopReason: "end_turn",
      usage: { inputTokens: 2, cacheReadInputTokens: 3, cacheWriteInputTokens: 2, outputTokens: 6, totalTokens: 13 },
    });
  });

  test("tool use: ids Bedrock accepts, object input; a toolResult must answer an earlier toolUse and needs a toolConfig", async () => {
    const toolConfig = { tools: [{ toolSpec: { name: "search", inputSchema: { json: { type: "object" } } } }], toolChoice: { auto: {} } };
    const first = (await (await converse({ messages: [user("find it")], toolConfig })).json()) as Record<string, any>;
    expect(first.stopReason).toBe("tool_use");
    const toolUse = first.output.message.content[0].toolUse;
    expect(toolUse.toolUseId).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(toolUse).toMatchObject({ name: "search", input: { query: "find it" } });
    const history = [user("find it"), { role: "assistant", content: [{ toolUse }] }];
    const result = (id: string) => ({ role: "user", content: [{ toolResult: { toolUseId: id, content: [{ text: "3 hits" }], status: "success" } }] });
    const answered = (await (await converse({ messages: [...history, result(toolUse.toolUseId)], toolConfig })).json()) as Record<string, any>;
    expect(answered.output.message.content[0].text).toBe("Tool said: 3 hits");
    expect((await converse({ messages: [...history, result("nope")], toolConfig })).status).toBe(400);
    const withoutConfig = await converse({ messages: [...history, result(toolUse.toolUseId)] });
    expect(await withoutConfig.json()).toEqual({ message: "The toolConfig field must be defined when using toolUse and toolResult content blocks." });
  });

  test("Bedrock's request checks: alternating turns, no blank text, no model in the body, thinking budget", async () => {
    expect((await converse({ messages: [user("a"), user("b")] })).status).toBe(400);
    expect((await converse({ messages: [user(" ")] })).status).toBe(400);
    expect((await converse({ model, messages: [user("a")] })).status).toBe(400);
    const thinking = { additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 2048 } } };
    expect((await converse({ messages: [user("a")], inferenceConfig: { maxTokens: 1000 }, ...thinking })).status).toBe(400);
    expect((await converse({ messages: [user("a")], inferenceConfig: { maxTokens: 4096 }, ...thinking })).status).toBe(200);
  });

  test("ConverseStream: binary events in Bedrock's order, reasoning with its signature, usage last", async () => {
    const response = await converse(
      { messages: [user("hi")], inferenceConfig: { maxTokens: 4096 }, additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } } },
      { stream: true },
    );
    expect(response.headers.get("content-type")).toBe("application/vnd.amazon.eventstream");
    const events = await streamEvents(response);
    expect(events.map(([name]) => name)).toEqual([
      "messageStart",
      // "Let me think about hi", one word per delta, then the signature
      ...Array(6).fill("contentBlockDelta"),
      "contentBlockStop",
      ...["contentBlockDelta", "contentBlockDelta", "contentBlockStop"],
      "messageStop",
      "metadata",
    ]);
    expect(events[6]![1].delta).toEqual({ reasoningContent: { signature: expect.stringMatching(/^mock-signature-/) } });
    expect(events.at(-2)![1]).toMatchObject({ stopReason: "end_turn" });
    expect(events.at(-1)![1]).toMatchObject({ usage: { inputTokens: 1, outputTokens: 7 }, metrics: { latencyMs: 42 } });
  });

  test("scenarios: typed error bodies (429, 408, 424) and the mid-stream exception message", async () => {
    const limited = await converse({ messages: [user("x")] }, { modelId: "rate-limit" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-amzn-errortype")).toStartWith("ThrottlingException:");
    expect((await converse({ messages: [user("x")] }, { modelId: "model-timeout" })).status).toBe(408);
    expect((await converse({ messages: [user("x")] }, { modelId: "model-error" })).status).toBe(424);
    const failing = await streamEvents(await converse({ messages: [user("one two three")] }, { modelId: "mid-stream-error", stream: true }));
    expect(failing.at(-1)).toEqual(["exception:modelStreamErrorException", { message: "The model stream failed: upstream exploded" }]);
  });
});
