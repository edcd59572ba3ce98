// TypeScript shapes of the Anthropic Messages wire format that this codec writes. Only what we emit is typed
// here; input from clients and upstreams is read leniently as unknown JSON (see ../json-values.ts).

export type AnthropicCacheControl = unknown;

export type AnthropicImageSource =
  | { type: "base64"; media_type: string; data: string }
  | { type: "url"; url: string }
  | { type: "file"; file_id: string };

export type AnthropicDocumentSource =
  | { type: "base64"; media_type: string; data: string }
  | { type: "text"; media_type: "text/plain"; data: string }
  | { type: "url"; url: string }
  | { type: "file"; file_id: string };

export type AnthropicTextBlock = { type: "text"; text: string; cache_control?: AnthropicCacheControl };
export type AnthropicImageBlock = { type: "image"; source: AnthropicImageSource; cache_control?: AnthropicCacheControl };
export type AnthropicDocumentBlock = {
  type: "document";
  source: AnthropicDocumentSource;
  title?: string;
  cache_control?: AnthropicCacheControl;
};
export type AnthropicToolUseBlock = { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
export type AnthropicToolResultBlock = {
  type: "tool_result";
  tool_use_id: string;
  content?: Array<AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
};
export type AnthropicThinkingBlock = { type: "thinking"; thinking: string; signature: string };
export type AnthropicRedactedThinkingBlock = { type: "redacted_thinking"; data: string };

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

export type AnthropicMessage = { role: "user" | "assistant"; content: AnthropicContentBlock[] };

export type AnthropicTool = {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  strict?: boolean;
  cache_control?: AnthropicCacheControl;
};

export type AnthropicToolChoice =
  | { type: "auto"; disable_parallel_tool_use?: boolean }
  | { type: "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

export type AnthropicThinkingConfig = { type: "enabled"; budget_tokens: number } | { type: "adaptive" } | { type: "disabled" };

export type AnthropicEffort = "low" | "medium" | "high" | "xhigh" | "max";

export type AnthropicOutputConfig = {
  effort?: AnthropicEffort;
  format?: { type: "json_schema"; schema: Record<string, unknown> };
};

export type AnthropicRequestBody = {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  stream?: boolean;
  metadata?: { user_id: string };
};

export type AnthropicStopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "pause_turn"
  | "refusal"
  | "model_context_window_exceeded";

export type AnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
};

export type AnthropicResponseBody = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: Array<AnthropicTextBlock | AnthropicToolUseBlock | AnthropicThinkingBlock | AnthropicRedactedThinkingBlock>;
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
};

export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

export type AnthropicErrorBody = { type: "error"; error: { type: AnthropicErrorType; message: string } };
