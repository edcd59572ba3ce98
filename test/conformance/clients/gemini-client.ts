// The conformance client for Gemini: the real @google/genai SDK with httpOptions.baseUrl pointed at the gateway.
import { GoogleGenAI, type Content, type GenerateContentParameters, type GenerateContentResponse } from "@google/genai";
import type { ClientAdapter, ScenarioInput, ScenarioResult } from "../scenario.ts";

function contentsFor(input: ScenarioInput): Content[] {
  const contents: Content[] = (input.history ?? []).map((turn) => ({ role: turn.role === "assistant" ? "model" : "user", parts: [{ text: turn.text }] }));
  contents.push({ role: "user", parts: [{ text: input.prompt }, ...(input.image ? [{ inlineData: { mimeType: input.image.mediaType, data: input.image.data } }] : [])] });
  if (input.toolResult) {
    const { callId, name, arguments: args, result } = input.toolResult;
    contents.push({ role: "model", parts: [{ functionCall: { id: callId, name, args } }] });
    contents.push({ role: "user", parts: [{ functionResponse: { id: callId, name, response: { output: result } } }] });
  }
  return contents;
}

function requestFor(input: ScenarioInput, contents: Content[]): GenerateContentParameters {
  return {
    model: input.model,
    contents,
    config: {
      ...(input.system ? { systemInstruction: input.system } : {}),
      ...(input.tools ? { tools: [{ functionDeclarations: input.tools.map((tool) => ({ name: tool.name, description: tool.description, parametersJsonSchema: tool.parameters })) }] } : {}),
      ...(input.jsonSchema ? { responseMimeType: "application/json", responseJsonSchema: input.jsonSchema.schema } : {}),
      ...(input.thinking ? { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } : {}),
      ...(input.maxTokens ? { maxOutputTokens: input.maxTokens } : {}),
    },
  };
}

function resultOf(responses: GenerateContentResponse[]): ScenarioResult {
  const parts = responses.flatMap((response) => response.candidates?.[0]?.content?.parts ?? []);
  const usage = [...responses].reverse().find((response) => response.usageMetadata)?.usageMetadata;
  const finishReason = [...responses].reverse().find((response) => response.candidates?.[0]?.finishReason)?.candidates?.[0]?.finishReason;
  const toolCalls = parts.flatMap((part) => (part.functionCall ? [{ id: part.functionCall.id ?? "", name: part.functionCall.name ?? "", arguments: (part.functionCall.args ?? {}) as Record<string, unknown> }] : []));
  return {
    text: parts.flatMap((part) => (part.text !== undefined && !part.thought ? [part.text] : [])).join(""),
    reasoning: parts.flatMap((part) => (part.text !== undefined && part.thought ? [part.text] : [])).join(""),
    toolCalls,
    usage: usage ? { input: usage.promptTokenCount ?? 0, output: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0), cached: usage.cachedContentTokenCount ?? 0 } : undefined,
    finish: finishReason === "MAX_TOKENS" ? "length" : toolCalls.length > 0 ? "tool_calls" : finishReason === "STOP" ? "stop" : String(finishReason ?? "other"),
  };
}

export function geminiClient(baseUrl: string): ClientAdapter {
  const client = new GoogleGenAI({ apiKey: "conformance", httpOptions: { baseUrl } });
  const complete = async (request: GenerateContentParameters, stream: boolean): Promise<GenerateContentResponse[]> => {
    if (!stream) return [await client.models.generateContent(request)];
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await client.models.generateContentStream(request)) chunks.push(chunk);
    return chunks;
  };
  return {
    format: "gemini",
    async run(input, stream) {
      return resultOf(await complete(requestFor(input, contentsFor(input)), stream));
    },
    async toolLoop(input, stream, resultText) {
      const contents = contentsFor(input);
      const first = await complete(requestFor(input, contents), stream);
      const modelParts = first.flatMap((response) => response.candidates?.[0]?.content?.parts ?? []);
      const results = modelParts.flatMap((part) => (part.functionCall ? [{ functionResponse: { id: part.functionCall.id, name: part.functionCall.name, response: { output: resultText } } }] : []));
      const replay: Content[] = [...contents, { role: "model", parts: modelParts }, { role: "user", parts: results }];
      return { first: resultOf(first), second: resultOf(await complete(requestFor(input, replay), stream)) };
    },
  };
}
