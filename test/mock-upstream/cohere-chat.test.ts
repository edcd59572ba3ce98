// Proves the mock speaks Cohere's v2 chat the way api.cohere.com does: Bearer auth, Cohere's request checks
// and `{message}` error bodies, the JSON reply and the typed SSE event stream.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startMockUpstream, type MockUpstream } from "./mock-server.ts";

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(async () => {
  await mock.stop();
});

function chat(body: Record<string, unknown>, key = "co-test"): Promise<Response> {
  return fetch(`${mock.url}/v2/chat`, { method: "POST", headers: key ? { authorization: `Bearer ${key}` } : {}, body: JSON.stringify(body) });
}

/** [event name, payload] pairs of an SSE body. */
function events(text: string): Array<[string, Record<string, any>]> {
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const name = /^event: (.*)$/m.exec(block)![1]!;
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Record<string, any>;
      return [name, data];
    });
}

describe("mock Cohere /v2/chat", () => {
  test("requires a Bearer key", async () => {
    const response = await chat({ model: "command-a-03-2025", messages: [{ role: "user", content: "hi" }] }, "");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: expect.any(String) });
  });

  test("JSON reply: text content, COMPLETE, billed units and raw tokens", async () => {
    const body = (await (await chat({ model: "command-a-03-2025", messages: [{ role: "system", content: "be nice" }, { role: "user", content: "hi there" }] })).json()) as Record<string, any>;
    expect(body).toMatchObject({
      finish_reason: "COMPLETE",
      message: { role: "assistant", content: [{ type: "text", text: "Echo: hi there" }] },
      usage: { billed_units: { input_tokens: 4, output_tokens: 3 }, tokens: { input_tokens: 11, output_tokens: 3 } },
    });
  });

  test("tool calls: tool_plan, ids, string arguments, TOOL_CALL; a tool message must answer an earlier call", async () => {
    const tools = [{ type: "function", function: { name: "search", parameters: { type: "object" } } }];
    const first = (await (await chat({ model: "c", messages: [{ role: "user", content: "find it" }], tools })).json()) as Record<string, any>;
    expect(first.finish_reason).toBe("TOOL_CALL");
    expect(first.message.tool_plan).toBe("I will use search.");
    const call = first.message.tool_calls[0];
    expect(call).toMatchObject({ type: "function", function: { name: "search", arguments: '{"query":"find it"}' } });
    const history = [{ role: "user", content: "find it" }, { role: "assistant", tool_plan: first.message.tool_plan, tool_calls: [call] }];
    const answered = await chat({ model: "c", tools, messages: [...history, { role: "tool", tool_call_id: call.id, content: "3 hits" }] });
    expect(((await answered.json()) as Record<string, any>).message.content[0].text).toBe("Tool said: 3 hits");
    const orphan = await chat({ model: "c", tools, messages: [...history, { role: "tool", tool_call_id: "nope", content: "3 hits" }] });
    expect(orphan.status).toBe(400);
    const none = (await (await chat({ model: "c", tools, tool_choice: "NONE", messages: [{ role: "user", content: "find it" }] })).json()) as Record<string, any>;
    expect(none.finish_reason).toBe("COMPLETE");
    expect((await chat({ model: "c", tools, tool_choice: "any", messages: [{ role: "user", content: "x" }] })).status).toBe(400);
  });

  test("streams typed events, named by their `type`", async () => {
    const text = await (await chat({ model: "c", stream: true, thinking: { type: "enabled" }, messages: [{ role: "user", content: "hi" }] })).text();
    const stream = events(text);
    expect(stream.every(([name, data]) => name === data.type)).toBe(true);
    expect(stream.map(([name]) => name)).toEqual([
      "message-start",
      // "Let me think about hi", one word per delta
      ...["content-start", "content-delta", "content-delta", "content-delta", "content-delta", "content-delta", "content-end"],
      ...["content-start", "content-delta", "content-delta", "content-end"],
      "message-end",
    ]);
    expect(stream[1]![1].delta.message.content).toEqual({ type: "thinking", thinking: "" });
    expect(stream.at(-1)![1].delta).toMatchObject({ finish_reason: "COMPLETE", usage: { billed_units: { input_tokens: 1 } } });
  });

  test("scenarios: error bodies and the ERROR message-end mid-stream", async () => {
    const limited = await chat({ model: "rate-limit", messages: [{ role: "user", content: "x" }] });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ message: expect.stringContaining("limited") });
    const failing = events(await (await chat({ model: "mid-stream-error", stream: true, messages: [{ role: "user", content: "one two three" }] })).text());
    expect(failing.at(-1)![1]).toEqual({ type: "message-end", delta: { finish_reason: "ERROR", error: "upstream exploded" } });
  });
});
