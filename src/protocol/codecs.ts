// Every wire format the gateway speaks, by id: the client surfaces decode with these and the upstream side
// encodes with them.
import type { FormatCodec } from "./format-codec.ts";
import type { FormatId } from "./ir.ts";
import { anthropicMessagesCodec } from "./anthropic-messages/index.ts";
import { geminiCodec } from "./gemini/index.ts";
import { openAIChatCodec } from "./openai-chat/index.ts";
import { openAIResponsesCodec } from "./openai-responses/index.ts";

export const codecs: Partial<Record<FormatId, FormatCodec>> = {
  "openai-chat": openAIChatCodec,
  anthropic: anthropicMessagesCodec,
  gemini: geminiCodec,
  "openai-responses": openAIResponsesCodec,
};

export function codecFor(format: string): FormatCodec | undefined {
  return codecs[format as FormatId];
}
