// Replay through the gateway: what a Responses client sends (or a Responses upstream returned) goes back to a
// Responses upstream with call_id pairing intact and reasoning encrypted_content unchanged and in place.
import { describe, expect, test } from "bun:test";
import type { IrRequest } from "../../../src/protocol/ir.ts";
import { openAIResponsesCodec } from "../../../src/protocol/openai-responses/index.ts";

const toUpstream = (request: IrRequest) => openAIResponsesCodec.encodeRequest(request, { model: "gpt-5" }).body as { input: unknown[] };

describe("Responses round trips", () => {
  test("client items → IR → upstream items keep reasoning, function_call and function_call_output as sent", () => {
    const items = [
      { type: "message", role: "user", content: [{ type: "input_text", text: "Weather in Paris and Rome?" }] },
      { type: "reasoning", id: "rs_abc", summary: [{ type: "summary_text", text: "Two lookups" }], encrypted_content: "gAAAA-opaque==" },
      { type: "function_call", id: "fc_1", call_id: "call_paris", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call", id: "fc_2", call_id: "call_rome", name: "get_weather", arguments: '{"city":"Rome"}' },
      { type: "function_call_output", call_id: "call_rome", output: "21C" },
      { type: "function_call_output", call_id: "call_paris", output: "18C" },
    ];
    const request = openAIResponsesCodec.decodeRequest({ model: "alias", input: items, reasoning: { effort: "low" } });
    const body = toUpstream(request);
    expect(body.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "Weather in Paris and Rome?" }] },
      { type: "reasoning", id: "rs_abc", summary: [{ type: "summary_text", text: "Two lookups" }], encrypted_content: "gAAAA-opaque==" },
      { type: "function_call", id: "fc_1", call_id: "call_paris", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call", id: "fc_2", call_id: "call_rome", name: "get_weather", arguments: '{"city":"Rome"}' },
      { type: "function_call_output", call_id: "call_rome", output: "21C" },
      { type: "function_call_output", call_id: "call_paris", output: "18C" },
    ]);
  });

  test("an upstream response decoded into history replays its reasoning before its function call", () => {
    const upstreamResponse = openAIResponsesCodec.decodeResponse({
      id: "resp_1",
      status: "completed",
      output: [
        { id: "rs_9", type: "reasoning", summary: [], encrypted_content: "ENCRYPTED" },
        { id: "fc_9", type: "function_call", call_id: "call_9", name: "lookup", arguments: '{"q":"x"}', status: "completed" },
      ],
    });
    const body = toUpstream({
      model: "m",
      system: [],
      stream: false,
      messages: [
        { role: "user", parts: [{ type: "text", text: "Look it up" }] },
        { role: "assistant", parts: upstreamResponse.parts },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "call_9", content: [{ type: "text", text: "found" }] }] },
      ],
    });
    expect(body.input.slice(1)).toEqual([
      { type: "reasoning", id: "rs_9", summary: [], encrypted_content: "ENCRYPTED" },
      { type: "function_call", id: "fc_9", call_id: "call_9", name: "lookup", arguments: '{"q":"x"}' },
      { type: "function_call_output", call_id: "call_9", output: "found" },
    ]);
  });

  test("a Chat-style tool call id survives as call_id and pairs with its result", () => {
    const body = toUpstream({
      model: "m",
      system: [],
      stream: false,
      messages: [
        { role: "user", parts: [{ type: "text", text: "Go" }] },
        { role: "assistant", parts: [{ type: "tool-call", id: "toolu_01", name: "run", arguments: "{}" }] },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "toolu_01", content: [{ type: "text", text: "ok" }], isError: true }] },
      ],
    });
    expect(body.input.slice(1)).toEqual([
      { type: "function_call", call_id: "toolu_01", name: "run", arguments: "{}" },
      { type: "function_call_output", call_id: "toolu_01", output: "ok" },
    ]);
  });
});
