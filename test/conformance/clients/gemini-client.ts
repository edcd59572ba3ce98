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

function resultOf(responses: GenerateContentResponse[]): ScenarioResult {
  const parts = responses.flatMap((response) => response.candidates?.[0]?.content?.parts ?? []);
  const last = responses.at(-1);
  const usage = [...responses].reverse().find((response) => response.usageMetadata)?.usageMetadata;
  const finishReason = [...responses].reverse().find((response) => response.candidates?.[0]?.finishReason)?.candidates?.[0]?.finishReason;
  const toolCalls = parts.flatMap((part) => (part.functionCall ? [{ id: part.functionCall.id ?? "", name: part.functionCall.name ?? "", arguments: (part.functionCall.args ?? {}) as Record<string, unknown> }] : []));
  return {
    text: parts.flatMap((part) => (part.text !== undefined && !part.thought ? [part.text] : [])).join(""),
    reasoning: parts.flatMap((part) => (part.text !== undefined && part.thought ? [part.text] : [])).join(""),
    toolCalls,
    usage: usage ? { input: usage.promptTokenCount ?? 0, output: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) } : undefined,
    finish: finishReason === "MAX_TOKENS" ? "length" : toolCalls.length > 0 ? "tool_calls" : finishReason === "STOP" ? "stop" : String(last?.candidates?.[0]?.finishReason ?? "other"),
  };
}

export function geminiClient(baseUrl: string): ClientAdapter {
  const client = new GoogleGenAI({ apiKey: "conformance", httpOptions: { baseUrl } });
  return {
    format: "gemini",
    async run(input, stream): Promise<ScenarioResult> {
      const request: GenerateContentParameters = {
        model: input.model,
        contents: contentsFor(input),
        config: {
          ...(input.system ? { systemInstruction: input.system } : {}),
          ...(input.tools ? { tools: [{ functionDeclarations: input.tools.map((tool) => ({ name: tool.name, description: tool.description, parametersJsonSchema: tool.parameters })) }] } : {}),
          ...(input.jsonSchema ? { responseMimeType: "application/json", responseJsonSchema: input.jsonSchema.schema } : {}),
          ...(input.thinking ? { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } : {}),
          ...(input.maxTokens ? { maxOutputTokens: input.maxTokens } : {}),
        },
      };
      if (!stream) return resultOf([await client.models.generateContent(request)]);
      const chunks: GenerateContentResponse[] = [];
      for await (const chunk of await client.models.generateContentStream(request)) chunks.push(chunk);
      return resultOf(chunks);
    },
  };
}
