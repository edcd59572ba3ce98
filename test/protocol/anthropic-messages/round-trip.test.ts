import { describe, expect, test } from "bun:test";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";

const codec = anthropicMessagesCodec;
const target = { model: "claude-sonnet-4-5", maxOutputTokens: 64000 };

describe("anthropic request round trip (client body → IR → upstream body)", () => {
  test("tool use conversation comes back semantically equal", () => {
    const original = {
      model: "claude-sonnet-4-5",
      max_tokens: 2048,
      system: [{ type: "text", text: "You are a weather bot.", cache_control: { type: "ephemeral" } }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Weather in Paris and Rome?" }] },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking both." },
            { type: "tool_use", id: "toolu_01A", name: "get_weather", input: { city: "Paris", units: { temp: "C" } } },
            { type: "tool_use", id: "toolu_01B", name: "get_weather", input: { city: "Rome" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_01A", content: [{ type: "text", text: "18C" }] },
            { type: "tool_result", tool_use_id: "toolu_01B", content: [{ type: "text", text: "failed" }], is_error: true, cache_control: { type: "ephemeral" } },
          ],
        },
      ],
      tools: [
        {
          name: "get_weather",
          description: "Current weather",
          input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      ],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      temperature: 0.5,
      stop_sequences: ["STOP"],
      stream: true,
      metadata: { user_id: "u-1" },
    };
    const encoded = codec.encodeRequest(codec.decodeRequest(original), target);
    expect(encoded.body).toEqual(original);
  });

  test("thinking with signature survives decode → encode unmodified", () => {
    const original = {
      model: "claude-sonnet-4-5",
      max_tokens: 16000,
      thinking: { type: "enabled", budget_tokens: 10000 },
      messages: [
        { role: "user", content: [{ type: "text", text: "What is 27 * 453?" }] },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "27 * 453 = 12231", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds" },
            { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix" },
            { type: "tool_use", id: "toolu_c", name: "calc", input: { expression: "27*453" } },
          ],
        },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_c", content: [{ type: "text", text: "12231" }] }] },
      ],
      tools: [{ name: "calc", input_schema: { type: "object", properties: { expression: { type: "string" } } } }],
    };
    const encoded = codec.encodeRequest(codec.decodeRequest(original), target);
    expect(encoded.body).toEqual(original);
  });
});
