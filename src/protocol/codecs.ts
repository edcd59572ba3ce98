// Every wire format the gateway speaks, by id: the client surfaces decode with these and the upstream side
// encodes with them. A few formats are spoken only to upstreams (no client surface uses them, so they have no
// client-side encoders); they are kept apart, and `codecFor` finds both.
import type { FormatCodec } from "./format-codec.ts";
import type { FormatId } from "./ir.ts";
import { anthropicMessagesCodec } from "./anthropic-messages/index.ts";
import { bedrockConverseCodec } from "./bedrock-converse/index.ts";
import { cohereCodec } from "./cohere/index.ts";
import { geminiCodec } from "./gemini/index.ts";
import { geminiCodeAssistCodec } from "./gemini-code-assist/index.ts";
import { ollamaCodec } from "./ollama/index.ts";
import { openAIChatCodec } from "./openai-chat/index.ts";
import { openAIResponsesCodec } from "./openai-responses/index.ts";

/** Formats spoken on both sides: client surfaces and upstreams. */
export const codecs: Partial<Record<FormatId, FormatCodec>> = {
  "openai-chat": openAIChatCodec,
  anthropic: anthropicMessagesCodec,
  gemini: geminiCodec,
  "openai-responses": openAIResponsesCodec,
};

/** Formats spoken only to upstreams (Ollama's native API, Cohere v2, Bedrock Converse, Code Assist): their client-side methods refuse. */
export const upstreamOnlyCodecs: Partial<Record<FormatId, FormatCodec>> = {
  ollama: ollamaCodec,
  cohere: cohereCodec,
  "bedrock-converse": bedrockConverseCodec,
  "gemini-code-assist": geminiCodeAssistCodec,
};

export function codecFor(format: string): FormatCodec | undefined {
  return codecs[format as FormatId] ?? upstreamOnlyCodecs[format as FormatId];
}
