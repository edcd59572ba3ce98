// The slice of the OpenAI Responses API wire format this codec writes, typed so the encoders cannot drift from
// the shapes the openai SDK, Codex CLI and the Vercel AI SDK read. Field names follow the openai SDK's type
// definitions (resources/responses/responses.d.ts). Decoders read `unknown` JSON instead and never rely on these.

export type ResponsesStatus = "completed" | "failed" | "in_progress" | "cancelled" | "queued" | "incomplete";
export type ResponsesItemStatus = "in_progress" | "completed" | "incomplete";
export type ResponsesIncompleteReason = "max_output_tokens" | "content_filter";

// ---- Request side (what encodeRequest sends upstream) ----

export type ResponsesInputText = { type: "input_text"; text: string };
export type ResponsesInputImage = { type: "input_image"; detail: string; image_url?: string; file_id?: string };
export type ResponsesInputFile = { type: "input_file"; file_data?: string; file_url?: string; file_id?: string; filename?: string };
export type ResponsesInputContent = ResponsesInputText | ResponsesInputImage | ResponsesInputFile;

export type ResponsesInputMessage = { type: "message"; role: "user"; content: ResponsesInputContent[] };
export type ResponsesAssistantReplay = { type: "message"; role: "assistant"; content: ResponsesOutputText[] };
export type ResponsesFunctionCallInput = { type: "function_call"; id?: string; call_id: string; name: string; arguments: string };
export type ResponsesFunctionCallOutputInput = { type: "function_call_output"; call_id: string; output: string | ResponsesInputContent[] };
export type ResponsesReasoningInput = { type: "reasoning"; id: string; summary: ResponsesSummaryText[]; encrypted_content: string };

export type ResponsesInputItem =
  | ResponsesInputMessage
  | ResponsesAssistantReplay
  | ResponsesFunctionCallInput
  | ResponsesFunctionCallOutputInput
  | ResponsesReasoningInput;

export type ResponsesFunctionTool = {
  type: "function";
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict: boolean;
};

export type ResponsesToolChoice = "none" | "auto" | "required" | { type: "function"; name: string };

export type ResponsesTextFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: Record<string, unknown>; description?: string; strict?: boolean };

export type ResponsesRequestBody = {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  tools?: ResponsesFunctionTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  text?: { format: ResponsesTextFormat };
  reasoning?: { effort?: string; summary?: "auto" };
  include?: string[];
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  stream: boolean;
  store?: boolean;
  user?: string;
  metadata?: Record<string, string>;
};

// ---- Response side (what encodeResponse and the stream encoder send to clients) ----

export type ResponsesOutputText = { type: "output_text"; text: string; annotations: unknown[]; logprobs?: unknown[] };
export type ResponsesSummaryText = { type: "summary_text"; text: string };

export type ResponsesOutputMessage = {
  id: string;
  type: "message";
  role: "assistant";
  status: ResponsesItemStatus;
  content: ResponsesOutputText[];
};

export type ResponsesReasoningItem = {
  id: string;
  type: "reasoning";
  summary: ResponsesSummaryText[];
  encrypted_content?: string;
};

export type ResponsesFunctionCallItem = {
  id: string;
  type: "function_call";
  status: ResponsesItemStatus;
  call_id: string;
  name: string;
  arguments: string;
};

export type ResponsesOutputItem = ResponsesOutputMessage | ResponsesReasoningItem | ResponsesFunctionCallItem;

export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export type ResponsesErrorObject = { code: string; message: string };

export type ResponsesResponseObject = {
  id: string;
  object: "response";
  created_at: number;
  status: ResponsesStatus;
  completed_at: number | null;
  error: ResponsesErrorObject | null;
  incomplete_details: { reason: ResponsesIncompleteReason } | null;
  instructions: null;
  max_output_tokens: null;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: null;
  store: false;
  temperature: null;
  text: { format: { type: "text" } };
  tool_choice: "auto";
  tools: [];
  top_p: null;
  truncation: "disabled";
  usage: ResponsesUsage | null;
  metadata: Record<string, string>;
  access_programs: null;
};

/** The OpenAI error body, shared by Chat Completions and Responses. */
export type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };
