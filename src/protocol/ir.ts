// The canonical form every wire format translates to and from: one request, one response and one stream-event
// vocabulary. N formats need 2N translators through this, not N². Pure data, no I/O.
//
// Conventions:
// - Tool-call arguments are always a JSON *string* (OpenAI style); object-argument formats stringify/parse.
// - `inputTokens` includes cached tokens; `outputTokens` includes reasoning tokens (OpenAI semantics).
// - Provider-bound opaque values (Anthropic thinking signatures, Gemini thoughtSignature, Responses
//   encrypted_content) carry the family that produced them; an encoder emits them only to that same family.

export type FormatId = "openai-chat" | "anthropic" | "gemini" | "openai-responses" | "ollama" | "cohere" | "bedrock-converse" | "gemini-code-assist";

export type ProviderSignature = { family: FormatId; value: string };

export type IrMediaSource =
  | { kind: "url"; url: string }
  | { kind: "base64"; mediaType: string; data: string }
  | { kind: "text"; text: string; mediaType?: string }
  | { kind: "file-id"; fileId: string };

export type IrTextPart = { type: "text"; text: string; cacheControl?: unknown; signature?: ProviderSignature };
export type IrImagePart = { type: "image"; source: IrMediaSource; detail?: string; cacheControl?: unknown };
export type IrDocumentPart = { type: "document"; source: IrMediaSource; filename?: string; title?: string; cacheControl?: unknown };
export type IrAudioPart = { type: "audio"; data: string; format: string };
export type IrToolCallPart = {
  type: "tool-call";
  id: string;
  name: string;
  /** JSON string. */
  arguments: string;
  signature?: ProviderSignature;
  /** Responses API item id (`fc_...`) when the call came from that format. */
  itemId?: string;
};
export type IrToolResultPart = {
  type: "tool-result";
  toolCallId: string;
  /** Name of the tool that was called, when known (Gemini pairs results by name). */
  name?: string;
  content: Array<IrTextPart | IrImagePart | IrDocumentPart>;
  isError?: boolean;
  cacheControl?: unknown;
};
export type IrReasoningPart = {
  type: "reasoning";
  text: string;
  /** Anthropic thinking signature, Gemini thoughtSignature, Responses encrypted_content. */
  signature?: ProviderSignature;
  /** Anthropic redacted_thinking data (opaque; only replayable to Anthropic). */
  redacted?: string;
  /** Responses reasoning item id, for replay to the Responses API. */
  itemId?: string;
};

export type IrPart = IrTextPart | IrImagePart | IrDocumentPart | IrAudioPart | IrToolCallPart | IrToolResultPart | IrReasoningPart;

export type IrMessage = { role: "user" | "assistant"; parts: IrPart[] };

export type IrTool = { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean; cacheControl?: unknown };

export type IrToolChoice = { type: "auto" } | { type: "none" } | { type: "required" } | { type: "tool"; name: string };

export type IrResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: Record<string, unknown>; description?: string; strict?: boolean };

export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max";

export type IrRequest = {
  model: string;
  /** System and developer instructions, in order. */
  system: IrTextPart[];
  messages: IrMessage[];
  tools?: IrTool[];
  toolChoice?: IrToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: IrResponseFormat;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  reasoning?: { effort?: ReasoningEffort; budgetTokens?: number; includeThoughts?: boolean; enabled?: boolean };
  stream: boolean;
  /** The client asked for usage in the stream (OpenAI `stream_options.include_usage`). */
  streamUsage?: boolean;
  user?: string;
  metadata?: Record<string, unknown>;
  /** Responses API: the stored response this request continues; resolved by the gateway, not by codecs. */
  previousResponseId?: string;
  /** Responses API `store` flag. */
  store?: boolean;
};

export type IrFinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "refusal" | "error" | "other";

export type IrUsage = {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** Counted by the gateway because the upstream gave none. */
  estimated?: boolean;
};

export type IrResponse = {
  id: string;
  model: string;
  created: number;
  /** Assistant output in order: reasoning, text and tool calls. */
  parts: IrPart[];
  finishReason: IrFinishReason;
  /** The upstream's own stop detail (e.g. the stop sequence hit). */
  stopSequence?: string;
  usage?: IrUsage;
};

export type IrError = { status: number; message: string; type?: string; code?: string | null };

/**
 * Stream events. Order: `start`, then content events, then optional `usage`, then exactly one `finish` or
 * `error`. Blocks are implicit: a text-delta after a tool call starts a new text block; decoders emit
 * `tool-call-start` before any `tool-call-delta` of that index.
 */
export type IrStreamEvent =
  | { type: "start"; id: string; model: string; created?: number }
  | { type: "text-delta"; text: string }
  | { type: "text-signature"; signature: ProviderSignature }
  | { type: "reasoning-delta"; text: string }
  | { type: "reasoning-signature"; signature: ProviderSignature }
  | { type: "reasoning-redacted"; data: string }
  | { type: "tool-call-start"; index: number; id: string; name: string; signature?: ProviderSignature }
  | { type: "tool-call-delta"; index: number; argumentsDelta: string }
  | { type: "tool-call-end"; index: number }
  | { type: "usage"; usage: IrUsage }
  | { type: "finish"; reason: IrFinishReason; stopSequence?: string }
  | { type: "error"; error: IrError };
