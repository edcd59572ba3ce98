// Proves the mock upstream speaks Gemini's generateContent wire format: the official `@google/genai` SDK is
// pointed at it directly (httpOptions.baseUrl), plus raw-HTTP checks for what the SDK hides (SSE and JSON-array
// framing, running usage totals, error bodies, /v1 paths and model listing).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiError, FinishReason, FunctionCallingConfigMode, GoogleGenAI, type Content } from "@google/genai";
import { startMockUpstream, type MockUpstream } from "./mock-server.ts";

let mock: MockUpstream;
let client: GoogleGenAI;

beforeAll(async () => {
  mock = await startMockUpstream();
  client = new GoogleGenAI({ apiKey: "gemini-test-key", httpOptions: { baseUrl: mock.url } });
});

afterAll(async () => {
  await mock.stop();
});

const declarations = [
  { name: "search_web", parametersJsonSchema: { type: "object", properties: { query: { type: "string" } } } },
  { name: "get_weather", parametersJsonSchema: { type: "object", properties: { query: { type: "string" } } } },
];

function post(path: string, body: unknown, headers: Record<string, string> = { "x-goog-api-key": "gemini-test-key" }): Promise<Response> {
  return fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

type Chunk = {
  candidates?: Array<{ content: { parts: Array<Record<string, unknown>> }; finishReason?: string }>;
  usageMetadata?: { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount: number };
  error?: { code: number; status: string; message: string };
};

/** Splits an `alt=sse` body on its CRLF framing into the chunk objects. */
function sseChunks(text: string): Chunk[] {
  return text
    .split("\r\n\r\n")
    .filter((event) => event.length > 0)
    .map((event) => JSON.parse(event.replace(/^data: /, "")) as Chunk);
}

const textOf = (chunk: Chunk) => (chunk.candidates?.[0]?.content.parts ?? []).map((part) => String(part["text"] ?? "")).join("");

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => "no error", (caught: unknown) => caught);
}

describe("with the @google/genai SDK", () => {
  test("generateContent echoes the last user text with word-count usage", async () => {
    const response = await client.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "hello mock world",
      config: { systemInstruction: "be brief" },
    });
    expect(response.text).toBe("Echo: hello mock world");
    expect(response.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 5, candidatesTokenCount: 4, totalTokenCount: 9 });
    expect(response.modelVersion).toBe("gemini-2.5-flash");
    const recorded = mock.requests.at(-1);
    // @google/genai 3.x defaults to the /v1/ API (2.x used /v1beta/); the mock serves both.
    expect(recorded?.path).toBe("/v1/models/gemini-2.5-flash:generateContent");
    expect(recorded?.headers["x-goog-api-key"]).toBe("gemini-test-key");
    expect(recorded?.body).toMatchObject({ systemInstruction: { parts: [{ text: "be brief" }] } });
  });

  test("v1beta client; a model name containing 'cached' reports cachedContentTokenCount inside promptTokenCount", async () => {
    const betaClient = new GoogleGenAI({ apiKey: "gemini-test-key", httpOptions: { baseUrl: mock.url, apiVersion: "v1beta" } });
    const response = await betaClient.models.generateContent({ model: "gemini-cached", contents: "hello mock world" });
    expect(mock.requests.at(-1)?.path).toBe("/v1beta/models/gemini-cached:generateContent");
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 3, cachedContentTokenCount: 3, totalTokenCount: 7 });
  });

  test("generateContentStream yields word chunks whose text equals the JSON reply, usage as running totals", async () => {
    const request = { model: "gemini-2.5-flash", contents: "one two three" };
    const plain = await client.models.generateContent(request);
    let text = "";
    const counts: number[] = [];
    let finishReason: string | undefined;
    for await (const chunk of await client.models.generateContentStream(request)) {
      text += chunk.text ?? "";
      counts.push(chunk.usageMetadata?.candidatesTokenCount ?? -1);
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    }
    expect(text).toBe(plain.text ?? "missing");
    expect(counts).toEqual([1, 2, 3, 4]);
    expect(finishReason).toBe("STOP");
    expect(mock.requests.at(-1)?.search).toBe("?alt=sse");
  });

  test("function calls arrive whole with ids; a functionResponse is echoed back", async () => {
    const response = await client.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "weather in Paris",
      config: { tools: [{ functionDeclarations: declarations }] },
    });
    expect(response.functionCalls).toEqual([
      { name: "search_web", args: { query: "weather in Paris" }, id: "call_mock_1" },
      { name: "get_weather", args: { query: "weather in Paris" }, id: "call_mock_2" },
    ]);
    expect(response.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);

    const forced = await client.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "weather in Paris",
      config: {
        tools: [{ functionDeclarations: declarations }],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ["get_weather"] } },
      },
    });
    expect(forced.functionCalls?.map((call) => call.name)).toEqual(["get_weather"]);

    const history: Content[] = [
      { role: "user", parts: [{ text: "weather in Paris" }] },
      { role: "model", parts: response.candidates?.[0]?.content?.parts ?? [] },
      {
        role: "user",
        parts: [
          { functionResponse: { id: "call_mock_1", name: "search_web", response: { output: "sunny" } } },
          { functionResponse: { id: "call_mock_2", name: "get_weather", response: { temperature: 22 } } },
        ],
      },
    ];
    const answered = await client.models.generateContent({ model: "gemini-2.5-flash", contents: history, config: { tools: [{ functionDeclarations: declarations }] } });
    expect(answered.text).toBe('Tool said: {"temperature":22}');
  });

  test("thinking: a thought part first, the signature on the first answer part, both when streamed", async () => {
    const config = { thinkingConfig: { includeThoughts: true }, tools: [{ functionDeclarations: declarations.slice(0, 1) }] };
    const response = await client.models.generateContent({ model: "gemini-2.5-flash", contents: "find cats", config });
    const parts = response.candidates?.[0]?.content?.parts ?? [];
    expect(parts[0]).toEqual({ text: "Let me think about find cats", thought: true });
    expect(parts[1]?.functionCall).toEqual({ name: "search_web", args: { query: "find cats" }, id: "call_mock_1" });
    expect(parts[1]?.thoughtSignature).toMatch(/^gsig_mock_\d+$/);
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(6);

    const streamedParts = [];
    for await (const chunk of await client.models.generateContentStream({ model: "gemini-2.5-flash", contents: "find cats", config })) {
      streamedParts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
    }
    expect(streamedParts.filter((part) => part.thought).map((part) => part.text).join("")).toBe("Let me think about find cats");
    const answerParts = streamedParts.filter((part) => !part.thought);
    expect(answerParts.length).toBe(1);
    expect(answerParts[0]?.thoughtSignature).toMatch(/^gsig_mock_\d+$/);

    const foreign = await errorOf(
      client.models.generateContent({
        model: "gemini-2.5-flash",
        contents: [
          { role: "user", parts: [{ text: "find cats" }] },
          { role: "model", parts: [{ text: "ok", thoughtSignature: "c2lnbmF0dXJl" }] },
          { role: "user", parts: [{ text: "again" }] },
        ],
      }),
    );
    expect(foreign).toBeInstanceOf(ApiError);
    expect((foreign as ApiError).status).toBe(400);
  });

  test("error scenarios surface as ApiError with the HTTP status", async () => {
    for (const [model, status] of [["rate-limit", 429], ["error-500", 500], ["overloaded", 503], ["error-404", 404]] as const) {
      const failure = await errorOf(client.models.generateContent({ model, contents: "hi" }));
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBe(status);
    }
  });

  test("mid-stream-error throws from the stream after some text", async () => {
    let text = "";
    const failure = await errorOf(
      (async () => {
        for await (const chunk of await client.models.generateContentStream({ model: "mid-stream-error", contents: "hello there friend" })) {
          text += chunk.text ?? "";
        }
      })(),
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(500);
    expect((failure as ApiError).message).toContain("upstream exploded");
    expect(text).toBe("Echo: hello ");
  });
});

describe("over raw HTTP", () => {
  const simpleBody = { contents: [{ role: "user", parts: [{ text: "a b" }] }] };

  test("auth by x-goog-api-key or ?key=; none is 403 PERMISSION_DENIED", async () => {
    expect((await post("/v1beta/models/gemini-2.5-flash:generateContent?key=abc", simpleBody, {})).status).toBe(200);
    const missing = await post("/v1beta/models/gemini-2.5-flash:generateContent", simpleBody, {});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });
  });

  test("error bodies carry code, message and status; 429 has a RetryInfo detail", async () => {
    const expected: Array<[string, number, string]> = [
      ["error-400", 400, "INVALID_ARGUMENT"],
      ["error-404", 404, "NOT_FOUND"],
      ["error-500", 500, "INTERNAL"],
      ["error-503", 503, "UNAVAILABLE"],
      ["overloaded", 503, "UNAVAILABLE"],
      ["context-too-long", 400, "INVALID_ARGUMENT"],
      ["rate-limit", 429, "RESOURCE_EXHAUSTED"],
    ];
    for (const [model, code, status] of expected) {
      const response = await post(`/v1beta/models/${model}:generateContent`, simpleBody);
      expect(response.status).toBe(code);
      const body = (await response.json()) as { error: { code: number; status: string; message: string; details?: unknown[] } };
      expect(body.error).toMatchObject({ code, status });
      if (model === "rate-limit") {
        expect(body.error.details).toContainEqual({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2s" });
      }
    }
    const empty = await post("/v1beta/models/gemini-2.5-flash:generateContent", { contents: [] });
    expect(empty.status).toBe(400);
  });

  test("alt=sse frames chunks with CRLF and no terminator; the last chunk has finishReason", async () => {
    const response = await post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", simpleBody);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const text = await response.text();
    expect(text).toStartWith("data: {");
    expect(text).toEndWith("}\r\n\r\n");
    const chunks = sseChunks(text);
    expect(chunks.map(textOf)).toEqual(["Echo: ", "a ", "b"]);
    expect(chunks.map((chunk) => chunk.candidates?.[0]?.finishReason)).toEqual([undefined, undefined, "STOP"]);
    expect(chunks.map((chunk) => chunk.usageMetadata?.totalTokenCount)).toEqual([3, 4, 5]);
  });

  test("without alt=sse the stream is one JSON array, and /v1 paths work too", async () => {
    const response = await post("/v1/models/gemini-2.5-flash:streamGenerateContent", simpleBody);
    expect(response.headers.get("content-type")).toStartWith("application/json");
    const chunks = JSON.parse(await response.text()) as Chunk[];
    expect(chunks.map(textOf).join("")).toBe("Echo: a b");
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe("STOP");
  });

  test("mid-stream-error sends an error chunk; mid-stream-drop cuts the connection", async () => {
    const failed = sseChunks(await (await post("/v1beta/models/mid-stream-error:streamGenerateContent?alt=sse", simpleBody)).text());
    expect(failed.at(-1)).toEqual({ error: { code: 500, message: "upstream exploded", status: "INTERNAL" } });
    expect(failed.length).toBe(3);

    const dropped = await post("/v1beta/models/mid-stream-drop:streamGenerateContent?alt=sse", simpleBody);
    expect(dropped.status).toBe(200);
    expect(await errorOf(dropped.text())).toBeInstanceOf(Error);
  });

  test("model list on /v1beta/models (and /v1/models with a Gemini key)", async () => {
    for (const path of ["/v1beta/models", "/v1/models"]) {
      const response = await fetch(`${mock.url}${path}`, { headers: { "x-goog-api-key": "gemini-test-key" } });
      const body = (await response.json()) as { models: Array<{ name: string; supportedGenerationMethods: string[] }> };
      expect(body.models[0]?.name).toBe("models/gemini-2.5-flash");
      expect(body.models[0]?.supportedGenerationMethods).toContain("generateContent");
    }
    const model = await client.models.get({ model: "gemini-2.5-pro" });
    expect(model.name).toBe("models/gemini-2.5-pro");
  });
});
