// Which wire format each provider family speaks. Most families are a format of their own; a few are an existing
// format at other URLs and with other auth (Azure OpenAI's v1 API is Chat Completions with an api-key header;
// watsonx is Chat Completions with IAM tokens; Vertex AI is Gemini, or Anthropic for Claude models, per model:
// src/upstream/family-routing.ts), which the catalog describes as data.
import type { FormatId } from "./ir.ts";

const formatByFamily: Readonly<Record<string, FormatId>> = {
  "openai-chat": "openai-chat",
  "openai-responses": "openai-responses",
  anthropic: "anthropic",
  gemini: "gemini",
  "azure-openai": "openai-chat",
  ollama: "ollama",
  cohere: "cohere",
  "bedrock-converse": "bedrock-converse",
  vertex: "gemini",
  watsonx: "openai-chat",
  "gemini-code-assist": "gemini-code-assist",
};

export function wireFormatOf(family: string): FormatId | undefined {
  return formatByFamily[family];
}

export const familiesWithFormat: ReadonlySet<string> = new Set(Object.keys(formatByFamily));
