// Upstream Responses SSE → IR stream events, including streams that only send items whole, and errors.
import { describe, expect, test } from "bun:test";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { openAIResponsesCodec } from "../../../src/protocol/openai-responses/index.ts";
import { createStreamAccumulator } from "../../../src/protocol/stream-accumulator.ts";
import { sseEvent } from "../../../src/streaming/sse-writer.ts";
import { encodeStream, functionCallEvents, reasoningAndTextEvents, sseEvents, textEvents } from "./sse-helpers.ts";

const decodeText = (text: string): IrStreamEvent[] => {
  const decoder = openAIResponsesCodec.createStreamDecoder();
  return [...sseEvents(text).flatMap((event) => decoder.push(event)), ...decoder.end()];
};

const upstream = (...events: Array<Record<string, unknown>>) =>
  events.map((event, index) => sseEvent({ ...event, sequence_number: index }, String(event.type))).join("");

const response = (fields: Record<string, unknown>) => ({ id: "resp_1", object: "response", created_at: 1700000000, model: "gpt-5", output: [], ...fields });

describe("Responses stream decoder", () => {
  test("a typical upstream stream: reasoning summary parts, text, a function call, usage and finish", () => {
    const events = decodeText(
      upstream(
        { type: "response.created", response: response({ status: "in_progress" }) },
        { type: "response.in_progress", response: response({ status: "in_progress" }) },
        { type: "response.output_item.added", output_index: 0, item: { id: "rs_1", type: "reasoning", summary: [] } },
        { type: "response.reasoning_summary_part.added", item_id: "rs_1", output_index: 0, summary_index: 0, part: { type: "summary_text", text: "" } },
        { type: "response.reasoning_summary_text.delta", item_id: "rs_1", output_index: 0, summary_index: 0, delta: "First" },
        { type: "response.reasoning_summary_part.added", item_id: "rs_1", output_index: 0, summary_index: 1, part: { type: "summary_text", text: "" } },
        { type: "response.reasoning_summary_text.delta", item_id: "rs_1", output_index: 0, summary_index: 1, delta: "Second" },
        {
          type: "response.output_item.done",
          output_index: 0,
          item: { id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: "First" }, { type: "summary_text", text: "Second" }], encrypted_content: "ENC" },
        },
        { type: "response.output_item.added", output_index: 1, item: { id: "msg_1", type: "message", role: "assistant", status: "in_progress", content: [] } },
        { type: "response.content_part.added", item_id: "msg_1", output_index: 1, content_index: 0, part: { type: "output_text", text: "", annotations: [] } },
        { type: "response.output_text.delta", item_id: "msg_1", output_index: 1, content_index: 0, delta: "Hi" },
        { type: "response.output_text.done", item_id: "msg_1", output_index: 1, content_index: 0, text: "Hi" },
        { type: "response.output_item.done", output_index: 1, item: { id: "msg_1", type: "message", content: [{ type: "output_text", text: "Hi" }] } },
        { type: "response.output_item.added", output_index: 2, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "f", arguments: "" } },
        { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 2, delta: '{"a":' },
        { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 2, delta: "1}" },
        { type: "response.function_call_arguments.done", item_id: "fc_1", output_index: 2, arguments: '{"a":1}' },
        { type: "response.output_item.done", output_index: 2, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "f", arguments: '{"a":1}' } },
        { type: "response.some_future_event", whatever: true },
        {
          type: "response.completed",
          response: response({
            status: "completed",
            usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 6, output_tokens_details: { reasoning_tokens: 2 } },
          }),
        },
      ),
    );
    expect(events).toEqual([
      { type: "start", id: "resp_1", model: "gpt-5", created: 1700000000 },
      { type: "reasoning-delta", text: "First" },
      { type: "reasoning-delta", text: "\n\n" },
      { type: "reasoning-delta", text: "Second" },
      { type: "reasoning-signature", signature: { family: "openai-responses", value: "ENC" } },
      { type: "text-delta", text: "Hi" },
      { type: "tool-call-start", index: 0, id: "call_1", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: "1}" },
      { type: "tool-call-end", index: 0 },
      { type: "usage", usage: { inputTokens: 10, outputTokens: 6, cachedInputTokens: 4, reasoningTokens: 2 } },
      { type: "finish", reason: "tool_calls" },
    ]);
  });

  test("decoding the encoder's own output gives back the same events (text, reasoning, tool call)", () => {
    const content = (events: IrStreamEvent[]) => events.filter((event) => event.type !== "start");
    expect(content(decodeText(encodeStream(textEvents)))).toEqual(content(textEvents).map((event) =>
      event.type === "usage" ? { type: "usage", usage: { ...event.usage, cachedInputTokens: 0, reasoningTokens: 0 } } : event,
    ));
    const reasoning = decodeText(encodeStream(reasoningAndTextEvents));
    expect(reasoning.filter((event) => event.type === "reasoning-signature")).toEqual([
      { type: "reasoning-signature", signature: { family: "openai-responses", value: "ENC" } },
    ]);
    const accumulator = createStreamAccumulator();
    for (const event of decodeText(encodeStream(functionCallEvents))) accumulator.add(event);
    expect(accumulator.result().parts).toEqual([
      { type: "text", text: "Checking." },
      { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
    ]);
    expect(accumulator.result().finishReason).toBe("tool_calls");
  });

  test("content sent only whole (in item done events or only in response.completed) is not lost", () => {
    const fromItems = decodeText(
      upstream(
        { type: "response.created", response: response({ status: "in_progress" }) },
        { type: "response.output_item.done", output_index: 0, item: { id: "msg_1", type: "message", content: [{ type: "output_text", text: "Whole" }] } },
        { type: "response.output_item.done", output_index: 1, item: { id: "fc_1", type: "function_call", call_id: "c", name: "g", arguments: "{}" } },
        { type: "response.completed", response: response({ status: "completed" }) },
      ),
    );
    expect(fromItems.slice(1)).toEqual([
      { type: "text-delta", text: "Whole" },
      { type: "tool-call-start", index: 0, id: "c", name: "g" },
      { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool_calls" },
    ]);
    const onlyFinal = decodeText(
      upstream({
        type: "response.incomplete",
        response: response({
          status: "incomplete",
          incomplete_details: { reason: "max_output_tokens" },
          output: [{ id: "msg_1", type: "message", content: [{ type: "output_text", text: "Trunc" }] }],
        }),
      }),
    );
    expect(onlyFinal).toEqual([
      { type: "start", id: "resp_1", model: "gpt-5", created: 1700000000 },
      { type: "text-delta", text: "Trunc" },
      { type: "finish", reason: "length" },
    ]);
  });

  test("response.failed and `error` events become one IR error; nothing follows it", () => {
    const failed = decodeText(
      upstream(
        { type: "response.created", response: response({ status: "in_progress" }) },
        { type: "response.failed", response: response({ status: "failed", error: { code: "server_error", message: "Boom" } }) },
        { type: "response.completed", response: response({ status: "completed" }) },
      ),
    );
    expect(failed.slice(1)).toEqual([{ type: "error", error: { status: 500, message: "Boom", code: "server_error" } }]);
    const errorEvent = decodeText(
      upstream(
        { type: "response.created", response: response({ status: "in_progress" }) },
        { type: "error", code: "rate_limit_exceeded", message: "Too many", param: null },
        { type: "response.failed", response: response({ status: "failed", error: { code: "rate_limit_exceeded", message: "Too many" } }) },
      ),
    );
    expect(errorEvent.slice(1)).toEqual([{ type: "error", error: { status: 429, message: "Too many", code: "rate_limit_exceeded" } }]);
  });

  test("refusals are text with a refusal finish; malformed data lines are ignored", () => {
    const decoder = openAIResponsesCodec.createStreamDecoder();
    const out = [
      ...decoder.push({ event: "response.created", data: JSON.stringify({ type: "response.created", response: response({}) }) }),
      ...decoder.push({ data: "not json" }),
      ...decoder.push({ data: "[DONE]" }),
      ...decoder.push({ data: JSON.stringify({ type: "response.refusal.delta", output_index: 0, content_index: 0, delta: "No." }) }),
      ...decoder.push({ data: JSON.stringify({ type: "response.completed", response: response({ status: "completed" }) }) }),
      ...decoder.end(),
    ];
    expect(out.slice(1)).toEqual([
      { type: "text-delta", text: "No." },
      { type: "finish", reason: "refusal" },
    ]);
  });
});
