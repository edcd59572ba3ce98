import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../src/protocol/gemini/index.ts";
import type { IrRequest } from "../../../src/protocol/ir.ts";

const gemini3 = { model: "gemini-3-pro-preview" };

describe("gemini function calls", () => {
  test("ids from Gemini pair results by id and survive decode → encode with their signatures", () => {
    const body = {
      contents: [
        { role: "user", parts: [{ text: "Weather in Paris and Rome?" }] },
        {
          role: "model",
          parts: [
            { text: "Let me check.", thoughtSignature: "sig-text" },
            { functionCall: { id: "x7k2", name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "sig-call" },
            { functionCall: { id: "p9q1", name: "get_weather", args: { city: "Rome" } } },
          ],
        },
        {
          role: "user",
          parts: [
            { functionResponse: { id: "p9q1", name: "get_weather", response: { output: "18C" } } },
            { functionResponse: { id: "x7k2", name: "get_weather", response: { temperature: 21, unit: "C" } } },
          ],
        },
      ],
    };
    const request = geminiCodec.decodeRequest(body);
    expect(request.messages[1]!.parts.slice(1)).toEqual([
      { type: "tool-call", id: "x7k2", name: "get_weather", arguments: '{"city":"Paris"}', signature: { family: "gemini", value: "sig-call" } },
      { type: "tool-call", id: "p9q1", name: "get_weather", arguments: '{"city":"Rome"}' },
    ]);
    expect(request.messages[2]!.parts).toEqual([
      { type: "tool-result", toolCallId: "p9q1", name: "get_weather", content: [{ type: "text", text: "18C" }] },
      { type: "tool-result", toolCallId: "x7k2", name: "get_weather", content: [{ type: "text", text: '{"temperature":21,"unit":"C"}' }] },
    ]);

    const encoded = geminiCodec.encodeRequest({ ...request, model: "gemini-3-pro-preview" }, gemini3).body as { contents: unknown[] };
    expect(encoded.contents[1]).toEqual({
      role: "model",
      parts: [
        { text: "Let me check.", thoughtSignature: "sig-text" },
        { functionCall: { name: "get_weather", args: { city: "Paris" }, id: "x7k2" }, thoughtSignature: "sig-call" },
        { functionCall: { name: "get_weather", args: { city: "Rome" }, id: "p9q1" } },
      ],
    });
    expect(encoded.contents[2]).toEqual({
      role: "user",
      parts: [
        { functionResponse: { name: "get_weather", response: { output: "18C" }, id: "p9q1" } },
        { functionResponse: { name: "get_weather", response: { output: '{"temperature":21,"unit":"C"}' }, id: "x7k2" } },
      ],
    });
  });

  test("without ids, results pair with calls by name and order, and synthetic ids are never sent upstream", () => {
    const request = geminiCodec.decodeRequest({
      contents: [
        { role: "user", parts: [{ text: "go" }] },
        {
          role: "model",
          parts: [
            { functionCall: { name: "read", args: { path: "a" } }, thoughtSignature: "sig-1" },
            { functionCall: { name: "list", args: {} } },
            { functionCall: { name: "read", args: { path: "b" } } },
          ],
        },
        {
          role: "user",
          parts: [
            { functionResponse: { name: "list", response: { output: "a b" } } },
            { functionResponse: { name: "read", response: { output: "A" } } },
            { functionResponse: { name: "read", response: { error: "no such file" } } },
          ],
        },
      ],
    });
    const calls = request.messages[1]!.parts.map((part) => (part.type === "tool-call" ? part.id : ""));
    expect(calls).toEqual(["call_0", "call_1", "call_2"]);
    expect(request.messages[2]!.parts).toEqual([
      { type: "tool-result", toolCallId: "call_1", name: "list", content: [{ type: "text", text: "a b" }] },
      { type: "tool-result", toolCallId: "call_0", name: "read", content: [{ type: "text", text: "A" }] },
      { type: "tool-result", toolCallId: "call_2", name: "read", content: [{ type: "text", text: "no such file" }], isError: true },
    ]);
    // The same body decodes to the same ids.
    expect(geminiCodec.decodeRequest({ contents: [{ role: "model", parts: [{ functionCall: { name: "read", args: {} } }] }] }).messages[0]!.parts[0]).toMatchObject({ id: "call_0" });

    const encoded = geminiCodec.encodeRequest(request, { model: "gemini-2.5-flash" }).body as { contents: Array<{ parts: unknown[] }> };
    expect(encoded.contents[1]!.parts).toEqual([
      { functionCall: { name: "read", args: { path: "a" } }, thoughtSignature: "sig-1" },
      { functionCall: { name: "list", args: {} } },
      { functionCall: { name: "read", args: { path: "b" } } },
    ]);
    expect(encoded.contents[2]!.parts).toEqual([
      { functionResponse: { name: "list", response: { output: "a b" } } },
      { functionResponse: { name: "read", response: { output: "A" } } },
      { functionResponse: { name: "read", response: { error: "no such file" } } },
    ]);
  });

  test("history from another provider: names looked up by id, foreign signatures dropped, Gemini 3 placeholder added", () => {
    const request: IrRequest = {
      model: "",
      stream: false,
      system: [{ type: "text", text: "sys" }],
      messages: [
        { role: "user", parts: [{ type: "text", text: "list files" }] },
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "I should list.", signature: { family: "anthropic", value: "EqQB" } },
            { type: "text", text: "Listing." },
            { type: "tool-call", id: "toolu_01", name: "ls", arguments: '{"dir":"."}' },
            { type: "tool-call", id: "toolu_02", name: "pwd", arguments: "" },
          ],
        },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "toolu_01", content: [{ type: "text", text: "a.txt" }] }] },
        { role: "user", parts: [{ type: "tool-result", toolCallId: "toolu_02", content: [{ type: "text", text: "/" }] }, { type: "text", text: "thanks" }] },
      ],
    };
    const encoded = geminiCodec.encodeRequest(request, gemini3).body as { contents: unknown[] };
    expect(encoded.contents).toEqual([
      { role: "user", parts: [{ text: "list files" }] },
      {
        role: "model",
        parts: [
          { text: "Listing." },
          { functionCall: { name: "ls", args: { dir: "." } }, thoughtSignature: "skip_thought_signature_validator" },
          { functionCall: { name: "pwd", args: {} } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "ls", response: { output: "a.txt" } } },
          { functionResponse: { name: "pwd", response: { output: "/" } } },
          { text: "thanks" },
        ],
      },
    ]);
    // Gemini 2.x does not validate call signatures: no placeholder.
    const older = geminiCodec.encodeRequest(request, { model: "gemini-2.5-pro" }).body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(older.contents[1]!.parts[1]!.thoughtSignature).toBeUndefined();
  });

  test("a result for an unknown call is rejected", () => {
    const request: IrRequest = {
      model: "",
      stream: false,
      system: [],
      messages: [{ role: "user", parts: [{ type: "tool-result", toolCallId: "nope", content: [{ type: "text", text: "x" }] }] }],
    };
    expect(() => geminiCodec.encodeRequest(request, gemini3)).toThrow("does not answer any earlier tool call");
  });
});
