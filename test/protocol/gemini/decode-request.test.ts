import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../../../src/errors/gateway-errors.ts";
import { geminiCodec } from "../../../src/protocol/gemini/index.ts";

describe("gemini decodeRequest", () => {
  test("system, roles, text, media and the empty model the route fills in", () => {
    const request = geminiCodec.decodeRequest({
      systemInstruction: { parts: [{ text: "Be brief." }, { text: "Answer in French." }] },
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is in these?" },
            { inlineData: { mimeType: "image/png", data: "iVBOR" } },
            { inlineData: { mimeType: "application/pdf", data: "JVBER" } },
            { inlineData: { mimeType: "audio/mpeg", data: "SUQz" } },
            { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/cat.jpg" } },
            { fileData: { mimeType: "video/mp4", fileUri: "https://generativelanguage.googleapis.com/v1beta/files/abc" } },
          ],
        },
        { role: "model", parts: [{ text: "Thinking…", thought: true, thoughtSignature: "sig-r" }, { text: "A cat.", thoughtSignature: "sig-t" }] },
      ],
    });
    expect(request.model).toBe("");
    expect(request.stream).toBe(false);
    expect(request.system).toEqual([
      { type: "text", text: "Be brief." },
      { type: "text", text: "Answer in French." },
    ]);
    expect(request.messages[0]!.role).toBe("user");
    expect(request.messages[0]!.parts).toEqual([
      { type: "text", text: "What is in these?" },
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBOR" } },
      { type: "document", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" } },
      { type: "audio", data: "SUQz", format: "mp3" },
      { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
      { type: "document", source: { kind: "url", url: "https://generativelanguage.googleapis.com/v1beta/files/abc" } },
    ]);
    expect(request.messages[1]).toEqual({
      role: "assistant",
      parts: [
        { type: "reasoning", text: "Thinking…", signature: { family: "gemini", value: "sig-r" } },
        { type: "text", text: "A cat.", signature: { family: "gemini", value: "sig-t" } },
      ],
    });
  });

  test("tools: OpenAPI-subset parameters become JSON Schema, parametersJsonSchema passes through", () => {
    const request = geminiCodec.decodeRequest({
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
      tools: [
        {
          functionDeclarations: [
            {
              name: "get_weather",
              description: "Weather for a city",
              parameters: {
                type: "OBJECT",
                properties: {
                  city: { type: "STRING", description: "City name" },
                  days: { type: "INTEGER", nullable: true },
                  tags: { type: "ARRAY", items: { type: "STRING", enum: ["a", "b"] }, minItems: "1" },
                },
                required: ["city"],
                propertyOrdering: ["city", "days"],
              },
            },
            { name: "list_files", parametersJsonSchema: { type: "object", properties: { path: { type: "string" } }, additionalProperties: false } },
            { name: "now" },
          ],
        },
        { googleSearch: {} },
      ],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } },
    });
    expect(request.tools).toEqual([
      {
        name: "get_weather",
        description: "Weather for a city",
        parameters: {
          type: "object",
          properties: {
            city: { type: "string", description: "City name" },
            days: { type: ["integer", "null"] },
            tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 1 },
          },
          required: ["city"],
        },
      },
      { name: "list_files", parameters: { type: "object", properties: { path: { type: "string" } }, additionalProperties: false } },
      { name: "now", parameters: { type: "object", properties: {} } },
    ]);
    expect(request.toolChoice).toEqual({ type: "tool", name: "get_weather" });
  });

  test("tool config modes", () => {
    const choiceOf = (functionCallingConfig: unknown) =>
      geminiCodec.decodeRequest({
        contents: [],
        tools: [{ functionDeclarations: [{ name: "a" }, { name: "b" }, { name: "c" }] }],
        toolConfig: { functionCallingConfig },
      });
    expect(choiceOf({ mode: "AUTO" }).toolChoice).toEqual({ type: "auto" });
    expect(choiceOf({ mode: "VALIDATED" }).toolChoice).toEqual({ type: "auto" });
    expect(choiceOf({ mode: "NONE" }).toolChoice).toEqual({ type: "none" });
    expect(choiceOf({ mode: "ANY" }).toolChoice).toEqual({ type: "required" });
    const narrowed = choiceOf({ mode: "ANY", allowedFunctionNames: ["a", "c"] });
    expect(narrowed.toolChoice).toEqual({ type: "required" });
    expect(narrowed.tools!.map((tool) => tool.name)).toEqual(["a", "c"]);
  });

  test("generation config, structured output and thinking", () => {
    const request = geminiCodec.decodeRequest({
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
      generationConfig: {
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        maxOutputTokens: 512,
        stopSequences: ["END"],
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.3,
        responseMimeType: "application/json",
        responseSchema: { type: "OBJECT", properties: { answer: { type: "STRING" } } },
        thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
      },
    });
    expect(request).toMatchObject({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 512,
      stop: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
      responseFormat: { type: "json_schema", name: "response", schema: { type: "object", properties: { answer: { type: "string" } } } },
      reasoning: { includeThoughts: true, enabled: true, budgetTokens: 2048 },
    });
    const configOf = (generationConfig: unknown) => geminiCodec.decodeRequest({ contents: [], generationConfig });
    expect(configOf({ responseMimeType: "application/json" }).responseFormat).toEqual({ type: "json_object" });
    expect(configOf({ responseMimeType: "application/json", responseJsonSchema: { type: "string" } }).responseFormat).toEqual({
      type: "json_schema",
      name: "response",
      schema: { type: "string" },
    });
    expect(configOf({ thinkingConfig: { thinkingBudget: 0 } }).reasoning).toEqual({ enabled: false });
    expect(configOf({ thinkingConfig: { thinkingBudget: -1 } }).reasoning).toEqual({ enabled: true });
    expect(configOf({ thinkingConfig: { thinkingLevel: "HIGH", includeThoughts: true } }).reasoning).toEqual({ includeThoughts: true, effort: "high", enabled: true });
  });

  test("snake_case field names from REST examples are accepted", () => {
    const request = geminiCodec.decodeRequest({
      system_instruction: { parts: [{ text: "sys" }] },
      contents: [{ role: "user", parts: [{ inline_data: { mime_type: "image/webp", data: "UklG" } }] }],
      generation_config: { max_output_tokens: 10, thinking_config: { thinking_level: "low" } },
    });
    expect(request.system).toEqual([{ type: "text", text: "sys" }]);
    expect(request.messages[0]!.parts).toEqual([{ type: "image", source: { kind: "base64", mediaType: "image/webp", data: "UklG" } }]);
    expect(request.maxOutputTokens).toBe(10);
    expect(request.reasoning).toEqual({ effort: "low", enabled: true });
  });

  test("bad input names the field", () => {
    const failure = (body: unknown) => {
      try {
        geminiCodec.decodeRequest(body);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidRequestError);
        return (error as InvalidRequestError).message;
      }
      throw new Error("expected an InvalidRequestError");
    };
    expect(failure("text")).toContain("JSON object");
    expect(failure({ contents: "hi" })).toContain("'contents'");
    expect(failure({ contents: [{ role: "user", parts: "hi" }] })).toContain("'contents[0].parts'");
    expect(failure({ contents: [{ role: "system", parts: [] }] })).toContain("'contents[0].role'");
    expect(failure({ contents: [], generationConfig: 3 })).toContain("'generationConfig'");
    expect(failure({ contents: [], tools: [{ functionDeclarations: [{ description: "x" }] }] })).toContain("'tools[0].functionDeclarations[0].name'");
  });
});
