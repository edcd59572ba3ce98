// Proves the mock speaks Ollama's native API the way a server does: raw HTTP against /api/chat (NDJSON streams
// by default, one JSON object with stream:false, Ollama's request checks and `{error}` bodies) and /api/tags.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startMockUpstream, type MockUpstream } from "./mock-server.ts";

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(async () => {
  await mock.stop();
});

function chat(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${mock.url}/api/chat`, { method: "POST", body: JSON.stringify(body) });
}

const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);

describe("mock Ollama /api/chat", () => {
  test("streams NDJSON unless stream is false, with no authentication", async () => {
    const response = await chat({ model: "llama3.2", messages: [{ role: "user", content: "hi there" }] });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const events = lines(await response.text());
    expect(events.map((event) => event.message.content).join("")).toBe("Echo: hi there");
    expect(events.at(-1)).toMatchObject({ done: true, done_reason: "stop", prompt_eval_count: 2, eval_count: 3 });
    expect(events.slice(0, -1).every((event) => event.done === false)).toBe(true);
  });

  test("answers one object with stream:false: thinking and tool calls with object arguments, no ids", async () => {
    const response = await chat({
      model: "qwen3",
      stream: false,
      think: true,
      messages: [{ role: "user", content: "find it" }],
      tools: [{ type: "function", function: { name: "search", parameters: { type: "object" } } }],
    });
    const body = (await response.json()) as Record<string, any>;
    expect(body.message).toEqual({ role: "assistant", content: "", thinking: "Let me think about find it", tool_calls: [{ function: { name: "search", arguments: { query: "find it" } } }] });
    expect(body).toMatchObject({ done: true, prompt_eval_count: 2 });
  });

  test("checks what Ollama checks: string content, raw base64 images, object arguments", async () => {
    const bad = [
      { role: "user", content: [{ type: "text", text: "x" }] },
      { role: "user", content: "x", images: ["data:image/png;base64,iVBOR"] },
      { role: "assistant", content: "", tool_calls: [{ function: { name: "f", arguments: '{"a":1}' } }] },
      { role: "developer", content: "x" },
    ];
    for (const message of bad) {
      const response = await chat({ model: "m", stream: false, messages: [message] });
      expect(response.status).toBe(400);
      expect(typeof ((await response.json()) as { error: unknown }).error).toBe("string");
    }
  });

  test("a tool message answers with the tool result", async () => {
    const response = await chat({
      model: "m",
      stream: false,
      messages: [
        { role: "user", content: "weather?" },
        { role: "assistant", content: "", tool_calls: [{ function: { name: "get_weather", arguments: { city: "Toronto" } } }] },
        { role: "tool", content: "11 degrees", tool_name: "get_weather" },
      ],
    });
    expect(((await response.json()) as Record<string, any>).message.content).toBe("Tool said: 11 degrees");
  });

  test("scenarios: error status bodies, a mid-stream `{error}` line", async () => {
    const missing = await chat({ model: "error-404", stream: false, messages: [{ role: "user", content: "x" }] });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "model 'error-404' not found" });
    const limited = await chat({ model: "rate-limit", messages: [{ role: "user", content: "x" }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    const failing = lines(await (await chat({ model: "mid-stream-error", messages: [{ role: "user", content: "one two three" }] })).text());
    expect(failing.at(-1)).toEqual({ error: expect.stringContaining("upstream exploded") });
  });

  test("GET /api/tags lists local models", async () => {
    const tags = (await (await fetch(`${mock.url}/api/tags`)).json()) as { models: Array<{ name: string; model: string }> };
    expect(tags.models.map((model) => model.name)).toContain("llama3.2:latest");
    expect(tags.models.every((model) => model.model === model.name)).toBe(true);
  });
});
