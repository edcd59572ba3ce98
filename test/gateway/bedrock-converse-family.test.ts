// Amazon Bedrock behind a real gateway, beyond the shared extra-families suite: both ways to sign in (IAM keys
// signed with SigV4, a Bedrock API key as Bearer), the region from the region setting, else the credential, else
// the host, the model id encoded in the path, inferenceConfig and toolChoice, Bedrock's typed errors and its
// cache-write usage.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

type Body = Record<string, any>;

const iamKeys = { accessKeyId: "AKIABEDROCKFAMILY000", secretAccessKey: "bedrock-family-secret", sessionToken: "session-token-1", region: "ap-south-1" };

let mock: MockUpstream;
let fixture: GatewayFixture;

beforeAll(async () => {
  mock = await startMockUpstream();
  fixture = await startGatewayFixture({
    mock,
    extraConfig: [
      "  - name: br-iam",
      "    provider: bedrock-converse",
      "    baseUrl: {mock}",
      `    apiKey: '${JSON.stringify(iamKeys)}'`,
      "  - name: br-key",
      "    provider: bedrock-converse",
      "    baseUrl: {mock}",
      "    apiKey: bedrock-api-key-family-test",
      "  - name: br-pair",
      "    provider: bedrock-converse",
      "    baseUrl: {mock}",
      "    apiKey: AKIANOREGIONKNOWN000:secret",
      "  - name: br-region",
      "    provider: bedrock-converse",
      `    apiKey: '${JSON.stringify({ ...iamKeys, region: "us-west-2" })}'`,
      "  - name: br-setting",
      "    provider: bedrock-converse",
      "    apiKey: bedrock-api-key-setting-test",
      "    settings: { region: eu-central-1 }",
      "  - name: br-setting-wins",
      "    provider: bedrock-converse",
      `    apiKey: '${JSON.stringify({ ...iamKeys, region: "us-west-2" })}'`,
      "    settings: { region: eu-north-1 }",
      "  - name: br-setting-signs",
      "    provider: bedrock-converse",
      "    baseUrl: {mock}",
      "    apiKey: AKIASETTINGREGION000:secret",
      "    settings: { region: ca-central-1 }",
      "  - name: br-no-region",
      "    provider: bedrock-converse",
      "    apiKey: bedrock-api-key-without-region",
      "",
    ].join("\n"),
  });
});
afterAll(async () => {
  await fixture.stop();
  await mock.stop();
});

const ask = (model: string, extra: Body = {}) => fixture.client().chat.completions.create({ model, messages: [{ role: "user", content: "hello bedrock" }], ...extra } as never) as Promise<Body>;
const lastRequest = () => mock.requests.at(-1)!;

describe("signing in", () => {
  test("IAM keys sign with SigV4 for bedrock in the credential's region, with the session token; no Bearer goes out", async () => {
    const completion = await ask("br-iam/anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(completion.choices[0].message.content).toBe("Echo: hello bedrock");
    const { headers, path } = lastRequest();
    expect(path).toBe("/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse");
    expect(headers["authorization"]).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIABEDROCKFAMILY000\/\d{8}\/ap-south-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(headers["x-amz-security-token"]).toBe("session-token-1");
    expect(headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
  });

  test("a Bedrock API key goes as a Bearer token", async () => {
    await ask("br-key/anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(lastRequest().headers["authorization"]).toBe("Bearer bedrock-api-key-family-test");
  });

  test("IAM keys with no region to sign for fail with a message that says how to give one", async () => {
    const failure = await ask("br-pair/anthropic.claude-haiku-4-5-20251001-v1:0").catch((error: { status: number; message: string }) => error);
    expect(failure).toMatchObject({ status: 500 });
    expect((failure as { message: string }).message).toContain("region is unknown");
  });

  test("the credential's region fills the catalog base URL's {region} when the connection has no region setting", () => {
    const connection = fixture.gateway.runtime.connections.byName("br-region")!;
    expect(connection.baseUrl).toBe("https://bedrock-runtime.us-west-2.amazonaws.com");
    expect(connection.settings).toEqual({ region: "us-west-2" });
    expect(connection.problem).toBeUndefined();
  });

  test("the region setting fills {region}, and wins over the credential's", () => {
    const connections = fixture.gateway.runtime.connections;
    expect(connections.byName("br-setting")).toMatchObject({ baseUrl: "https://bedrock-runtime.eu-central-1.amazonaws.com", problem: undefined });
    expect(connections.byName("br-setting-wins")).toMatchObject({ baseUrl: "https://bedrock-runtime.eu-north-1.amazonaws.com", settings: { region: "eu-north-1" }, problem: undefined });
  });

  test("IAM keys sign for the region setting when the base URL does not name one", async () => {
    await ask("br-setting-signs/anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(lastRequest().headers["authorization"]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIASETTINGREGION000\/\d{8}\/ca-central-1\/bedrock\/aws4_request, /);
  });

  test("with no region anywhere the connection says to set the region setting", () => {
    const connection = fixture.gateway.runtime.connections.byName("br-no-region")!;
    expect(connection.problem).toContain("set the region setting");
  });
});

describe("request fields", () => {
  test("sampling, length and stops go in inferenceConfig; a required tool is toolChoice any", async () => {
    await ask("br-iam/anthropic.claude-haiku-4-5-20251001-v1:0", {
      temperature: 0.4,
      top_p: 0.9,
      max_tokens: 100_000,
      stop: ["END"],
      tools: [{ type: "function", function: { name: "search_docs", parameters: { type: "object", properties: {} } } }],
      tool_choice: "required",
    });
    const body = lastRequest().body as Body;
    // max_tokens is clamped to the catalog's maxOutput for Claude Haiku 4.5 (64000).
    expect(body.inferenceConfig).toEqual({ maxTokens: 64000, temperature: 0.4, topP: 0.9, stopSequences: ["END"] });
    expect(body.toolConfig).toEqual({ tools: [{ toolSpec: { name: "search_docs", inputSchema: { json: { type: "object", properties: {} } } } }], toolChoice: { any: {} } });
  });

  test("a named tool is toolChoice tool; tool choice none sends no tools", async () => {
    const tools = [{ type: "function", function: { name: "search_docs", parameters: { type: "object" } } }];
    await ask("br-iam/anthropic.claude-haiku-4-5-20251001-v1:0", { tools, tool_choice: { type: "function", function: { name: "search_docs" } } });
    expect((lastRequest().body as Body).toolConfig.toolChoice).toEqual({ tool: { name: "search_docs" } });
    await ask("br-iam/anthropic.claude-haiku-4-5-20251001-v1:0", { tools, tool_choice: "none" });
    expect((lastRequest().body as Body).toolConfig).toBeUndefined();
  });
});

describe("errors and usage", () => {
  test("Bedrock's error kinds keep their status and message: 403, 408, 424", async () => {
    for (const [model, status, words] of [
      ["error-403", 403, "don't have access"],
      ["model-timeout", 408, "timed out"],
      ["model-error", 424, "model returned an error"],
    ] as const) {
      const failure = await ask(`br-key/${model}`).catch((error: { status: number; message: string }) => error);
      expect(failure).toMatchObject({ status });
      expect((failure as { message: string }).message).toContain(words);
    }
  });

  test("a mid-stream exception ends the client's stream with its message", async () => {
    const stream = await fixture.client().chat.completions.create({ model: "br-key/mid-stream-error", messages: [{ role: "user", content: "one two three" }], stream: true });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().then(
      () => undefined,
      (error: Error) => error,
    );
    expect(text).toBe("Echo: one ");
    expect(failure?.message).toContain("upstream exploded");
  });

  test("cache reads and writes are recorded apart, and the input count is the whole prompt", async () => {
    const before = fixture.usageRecords.length;
    // The mock reads 3 of the 7 prompt tokens from the cache, writes 2 to it, and reports inputTokens 2.
    const completion = await fixture.client().chat.completions.create({ model: "br-key/anthropic.claude-cached-cache-write", messages: [{ role: "user", content: "one two three four five six seven" }] });
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, prompt_tokens_details: { cached_tokens: 3 } });
    expect(await fixture.nextUsageRecord(before)).toMatchObject({ inputTokens: 7, cachedInputTokens: 3, cacheWriteTokens: 2, estimated: false });
  });
});
