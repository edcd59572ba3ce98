// Client Responses bodies → IR: instructions and input items, item merging, tools, settings and validation.
import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../../../src/errors/gateway-errors.ts";
import { openAIResponsesCodec } from "../../../src/protocol/openai-responses/index.ts";

const decode = (body: Record<string, unknown>) => openAIResponsesCodec.decodeRequest({ model: "gpt-5", ...body });

describe("Responses decodeRequest", () => {
  test("instructions become system text and a string input one user message", () => {
    const request = decode({ instructions: "Be terse.", input: "Hello" });
    expect(request.system).toEqual([{ type: "text", text: "Be terse." }]);
    expect(request.messages).toEqual([{ role: "user", parts: [{ type: "text", text: "Hello" }] }]);
    expect(request.stream).toBe(false);
  });

  test("system and developer items join the system text after instructions, in order", () => {
    const request = decode({
      instructions: "First",
      input: [
        { role: "developer", content: "Second" },
        { type: "message", role: "system", content: [{ type: "input_text", text: "Third" }] },
        { role: "user", content: "Hi" },
      ],
    });
    expect(request.system.map((part) => part.text)).toEqual(["First", "Second", "Third"]);
    expect(request.messages).toHaveLength(1);
  });

  test("content parts: text, images (URL, data URL, file id) and files (data URL, bare base64, URL, file id)", () => {
    const request = decode({
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "Look" },
            { type: "input_image", image_url: "https://example.com/cat.png", detail: "high" },
            { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" },
            { type: "input_image", file_id: "file-img" },
            { type: "input_file", file_data: "data:application/pdf;base64,JVBERi0=", filename: "a.pdf" },
            { type: "input_file", file_data: "SGVsbG8=", filename: "notes.txt" },
            { type: "input_file", file_url: "https://example.com/b.pdf" },
            { type: "input_file", file_id: "file-doc" },
          ],
        },
      ],
    });
    expect(request.messages[0]!.parts).toEqual([
      { type: "text", text: "Look" },
      { type: "image", source: { kind: "url", url: "https://example.com/cat.png" }, detail: "high" },
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" }, detail: "auto" },
      { type: "image", source: { kind: "file-id", fileId: "file-img" } },
      { type: "document", source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0=" }, filename: "a.pdf" },
      { type: "document", source: { kind: "base64", mediaType: "text/plain", data: "SGVsbG8=" }, filename: "notes.txt" },
      { type: "document", source: { kind: "url", url: "https://example.com/b.pdf" } },
      { type: "document", source: { kind: "file-id", fileId: "file-doc" } },
    ]);
  });

  test("a tool loop: reasoning, function_call and its output merge into turns and pair by call_id", () => {
    const request = decode({
      input: [
        { role: "user", content: "Weather in Paris?" },
        { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Need" }, { type: "summary_text", text: "weather" }], encrypted_content: "ENC" },
        { type: "function_call", id: "fc_1", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', status: "completed" },
        { type: "function_call", id: "fc_2", call_id: "call_2", name: "get_time", arguments: "{}" },
        { type: "function_call_output", call_id: "call_1", output: "18C" },
        { type: "function_call_output", call_id: "call_2", output: [{ type: "input_text", text: "noon" }] },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "It is 18C at noon.", annotations: [] }] },
        { role: "user", content: "Thanks" },
      ],
    });
    expect(request.messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(request.messages[1]!.parts).toEqual([
      { type: "reasoning", text: "Need\n\nweather", signature: { family: "openai-responses", value: "ENC" }, itemId: "rs_1" },
      { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', itemId: "fc_1" },
      { type: "tool-call", id: "call_2", name: "get_time", arguments: "{}", itemId: "fc_2" },
    ]);
    expect(request.messages[2]!.parts).toEqual([
      { type: "tool-result", toolCallId: "call_1", name: "get_weather", content: [{ type: "text", text: "18C" }] },
      { type: "tool-result", toolCallId: "call_2", name: "get_time", content: [{ type: "text", text: "noon" }] },
    ]);
    expect(request.messages[3]!.parts).toEqual([{ type: "text", text: "It is 18C at noon." }]);
  });

  test("hosted tools and hosted-tool items are skipped; function tools are kept flat", () => {
    const request = decode({
      input: [{ role: "user", content: "Hi" }, { type: "web_search_call", id: "ws_1", status: "completed" }],
      tools: [
        { type: "web_search" },
        { type: "function", name: "lookup", description: "Look up", parameters: { type: "object", properties: { q: { type: "string" } } }, strict: true },
        { type: "function", name: "ping" },
      ],
      tool_choice: { type: "function", name: "lookup" },
      parallel_tool_calls: false,
    });
    expect(request.messages).toHaveLength(1);
    expect(request.tools).toEqual([
      { name: "lookup", description: "Look up", parameters: { type: "object", properties: { q: { type: "string" } } }, strict: true },
      { name: "ping", parameters: { type: "object", properties: {} } },
    ]);
    expect(request.toolChoice).toEqual({ type: "tool", name: "lookup" });
    expect(request.parallelToolCalls).toBe(false);
    expect(decode({ input: "x", tool_choice: "required" }).toolChoice).toEqual({ type: "required" });
    expect(decode({ input: "x", tool_choice: { type: "web_search" } }).toolChoice).toEqual({ type: "auto" });
  });

  test("settings: text.format, reasoning, sampling, store, previous_response_id, user, metadata", () => {
    const request = decode({
      input: "x",
      text: { format: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true } },
      reasoning: { effort: "high", summary: "auto" },
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      stream: true,
      store: false,
      previous_response_id: "resp_prev",
      safety_identifier: "user-hash",
      metadata: { team: "a" },
    });
    expect(request.responseFormat).toEqual({ type: "json_schema", name: "answer", schema: { type: "object" }, strict: true });
    expect(request.reasoning).toEqual({ effort: "high", enabled: true, includeThoughts: true });
    expect(request.maxOutputTokens).toBe(500);
    expect(request.temperature).toBe(0.2);
    expect(request.topP).toBe(0.9);
    expect(request.stream).toBe(true);
    expect(request.store).toBe(false);
    expect(request.previousResponseId).toBe("resp_prev");
    expect(request.user).toBe("user-hash");
    expect(request.metadata).toEqual({ team: "a" });
    expect(decode({ input: "x", reasoning: { effort: "low" } }).reasoning).toEqual({ effort: "low", enabled: true });
    expect(decode({ input: "x", text: { format: { type: "json_object" } } }).responseFormat).toEqual({ type: "json_object" });
  });

  test("bad input is an InvalidRequestError naming the field", () => {
    const fails = (body: unknown, param: string) => {
      let caught: unknown;
      try {
        openAIResponsesCodec.decodeRequest(body);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidRequestError);
      expect((caught as InvalidRequestError).param).toBe(param);
      expect((caught as InvalidRequestError).message).toContain(param);
    };
    fails({ input: "x" }, "model");
    fails({ model: 3, input: "x" }, "model");
    fails({ model: "m" }, "input");
    fails({ model: "m", input: 5 }, "input");
    fails({ model: "m", input: [{ role: "robot", content: "x" }] }, "input[0].role");
    fails({ model: "m", input: [{ type: "function_call", name: "f", arguments: "{}" }] }, "input[0].call_id");
    fails({ model: "m", input: [{ role: "user", content: [{ type: "input_video" }] }] }, "input[0].content[0].type");
    fails({ model: "m", input: "x", temperature: "hot" }, "temperature");
    fails({ model: "m", input: "x", reasoning: { effort: "extreme" } }, "reasoning.effort");
    fails({ model: "m", input: [{ type: "item_reference", id: "msg_1" }] }, "input[0]");
    expect(() => openAIResponsesCodec.decodeRequest("nope")).toThrow(InvalidRequestError);
  });
});
