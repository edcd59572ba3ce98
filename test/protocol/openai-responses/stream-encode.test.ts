// IR stream events → Responses SSE: exact event order, ids, indexes and the final response object.
import { describe, expect, test } from "bun:test";
import { encodeStream, functionCallEvents, parseSse, reasoningAndTextEvents, textEvents } from "./sse-helpers.ts";

describe("Responses stream encoder", () => {
  test("text: the documented event order, event names matching types, increasing sequence numbers", () => {
    const events = parseSse(encodeStream(textEvents));
    expect(events.map((event) => event.data.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    for (const [index, event] of events.entries()) {
      expect(event.event).toBe(event.data.type);
      expect(event.data.sequence_number).toBe(index);
    }
    const created = events[0]!.data.response;
    expect(created).toMatchObject({ id: "resp_chatcmpl-1", object: "response", status: "in_progress", model: "client-model", created_at: 1700000000, output: [] });
    const itemId = events[2]!.data.item.id;
    expect(itemId).toStartWith("msg_");
    expect(events[2]!.data).toMatchObject({ output_index: 0, item: { type: "message", role: "assistant", status: "in_progress", content: [] } });
    expect(events[4]!.data).toMatchObject({ item_id: itemId, output_index: 0, content_index: 0, delta: "Hello" });
    expect(events[6]!.data).toMatchObject({ item_id: itemId, text: "Hello, world" });
    expect(events[7]!.data.part).toEqual({ type: "output_text", text: "Hello, world", annotations: [], logprobs: [] });
    expect(events[8]!.data.item).toMatchObject({ id: itemId, status: "completed", content: [{ type: "output_text", text: "Hello, world" }] });
    const completed = events[9]!.data.response;
    expect(completed.status).toBe("completed");
    expect(completed.output).toEqual([events[8]!.data.item]);
    expect(completed.usage).toEqual({
      input_tokens: 7,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 10,
    });
  });

  test("reasoning then text: a reasoning item with summary events and encrypted_content, then the message", () => {
    const events = parseSse(encodeStream(reasoningAndTextEvents));
    expect(events.map((event) => event.data.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events[0]!.data.response.id).toBe("resp_up");
    const reasoningId = events[2]!.data.item.id;
    expect(reasoningId).toStartWith("rs_");
    expect(events[3]!.data).toMatchObject({ item_id: reasoningId, output_index: 0, summary_index: 0, part: { type: "summary_text", text: "" } });
    expect(events[6]!.data.text).toBe("Thinking");
    expect(events[8]!.data.item).toEqual({ id: reasoningId, type: "reasoning", summary: [{ type: "summary_text", text: "Thinking" }], encrypted_content: "ENC" });
    expect(events[9]!.data.output_index).toBe(1);
    expect(events[11]!.data).toMatchObject({ output_index: 1, delta: "Answer" });
    expect(events[15]!.data.response.output.map((item: { type: string }) => item.type)).toEqual(["reasoning", "message"]);
    expect(events[15]!.data.response.usage.output_tokens_details.reasoning_tokens).toBe(4);
  });

  test("function call: streamed arguments, arguments.done with name, then the item done", () => {
    const events = parseSse(encodeStream(functionCallEvents));
    expect(events.map((event) => event.data.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const added = events[8]!.data;
    expect(added.output_index).toBe(1);
    expect(added.item).toMatchObject({ type: "function_call", status: "in_progress", call_id: "call_1", name: "get_weather", arguments: "" });
    expect(added.item.id).toStartWith("fc_");
    expect(events[9]!.data).toMatchObject({ item_id: added.item.id, output_index: 1, delta: '{"city":' });
    expect(events[11]!.data).toMatchObject({ item_id: added.item.id, output_index: 1, arguments: '{"city":"Paris"}', name: "get_weather" });
    expect(events[12]!.data.item).toMatchObject({ id: added.item.id, status: "completed", arguments: '{"city":"Paris"}' });
    expect(events[13]!.data.response.output[1]).toEqual(events[12]!.data.item);
  });

  test("length ends with response.incomplete; open items are closed first", () => {
    const events = parseSse(
      encodeStream([
        { type: "start", id: "a", model: "m" },
        { type: "text-delta", text: "Cut" },
        { type: "finish", reason: "length" },
      ]),
    );
    expect(events.at(-2)!.data.type).toBe("response.output_item.done");
    expect(events.at(-2)!.data.item.status).toBe("incomplete");
    const last = events.at(-1)!.data;
    expect(last.type).toBe("response.incomplete");
    expect(last.response.status).toBe("incomplete");
    expect(last.response.incomplete_details).toEqual({ reason: "max_output_tokens" });
  });

  test("an error becomes an `error` event and then response.failed; later events write nothing", () => {
    const text = encodeStream([
      { type: "start", id: "a", model: "m" },
      { type: "text-delta", text: "Part" },
      { type: "error", error: { status: 429, message: "Rate limited upstream" } },
      { type: "finish", reason: "stop" },
    ]);
    const events = parseSse(text);
    expect(events.slice(-2).map((event) => event.data.type)).toEqual(["error", "response.failed"]);
    expect(events.at(-2)!.data).toMatchObject({ code: "rate_limit_exceeded", message: "Rate limited upstream", param: null });
    expect(events.at(-1)!.data.response).toMatchObject({ status: "failed", error: { code: "rate_limit_exceeded", message: "Rate limited upstream" } });
    expect(events.at(-1)!.data.response.output[0].status).toBe("incomplete");
    expect(events.filter((event) => event.data.type === "response.completed")).toHaveLength(0);
  });

  test("foreign signatures are not sent; an openai-responses signature alone makes a summary-less reasoning item", () => {
    const foreign = parseSse(
      encodeStream([
        { type: "start", id: "a", model: "m" },
        { type: "reasoning-delta", text: "t" },
        { type: "reasoning-signature", signature: { family: "anthropic", value: "SIG" } },
        { type: "finish", reason: "stop" },
      ]),
    );
    expect(JSON.stringify(foreign)).not.toContain("SIG");
    const alone = parseSse(
      encodeStream([
        { type: "start", id: "a", model: "m" },
        { type: "reasoning-signature", signature: { family: "openai-responses", value: "ENC" } },
        { type: "text-delta", text: "Hi" },
        { type: "finish", reason: "stop" },
      ]),
    );
    expect(alone.slice(2, 4).map((event) => event.data.type)).toEqual(["response.output_item.added", "response.output_item.done"]);
    expect(alone[3]!.data.item).toMatchObject({ type: "reasoning", summary: [], encrypted_content: "ENC" });
  });

  test("parallel tool calls get their own output indexes", () => {
    const events = parseSse(
      encodeStream([
        { type: "start", id: "a", model: "m" },
        { type: "tool-call-start", index: 0, id: "call_a", name: "one" },
        { type: "tool-call-start", index: 1, id: "call_b", name: "two" },
        { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
        { type: "tool-call-delta", index: 1, argumentsDelta: '{"x":1}' },
        { type: "finish", reason: "tool_calls" },
      ]),
    );
    const completed = events.at(-1)!.data.response;
    expect(completed.output.map((item: { call_id: string; arguments: string }) => [item.call_id, item.arguments])).toEqual([
      ["call_a", "{}"],
      ["call_b", '{"x":1}'],
    ]);
    const deltas = events.filter((event) => event.data.type === "response.function_call_arguments.delta");
    expect(deltas.map((event) => event.data.output_index)).toEqual([0, 1]);
  });
});
