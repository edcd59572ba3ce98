// The Gemini generateContent wire shapes this codec writes, as TypeScript types (REST camelCase names).
// Decoders never trust these types for input: they read `unknown` JSON leniently; the types keep the encoders
// honest about field names.

export type GeminiInlineData = { mimeType: string; data: string };
export type GeminiFileData = { mimeType?: string; fileUri: string };
export type GeminiFunctionCall = { name: string; args: Record<string, unknown>; id?: string };
export type GeminiFunctionResponse = { name: string; response: Record<string, unknown>; id?: string };

/** One part: exactly one data field, plus the optional `thought` flag and `thoughtSignature`. */
export type GeminiPart = {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: GeminiInlineData;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
};

export type GeminiRole = "user" | "model";
export type GeminiContent = { role: GeminiRole; parts: GeminiPart[] };

export type GeminiFunctionDeclaration = { name: string; description?: string; parametersJsonSchema?: Record<string, unknown> };

export type GeminiFunctionCallingMode = "AUTO" | "ANY" | "NONE" | "VALIDATED";
export type GeminiToolConfig = { functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] } };

export type GeminiThinkingLevel = "MINIMAL" | "LOW" | "MEDIUM" | "HIGH";
export type GeminiThinkingConfig = { includeThoughts?: boolean; thinkingBudget?: number; thinkingLevel?: GeminiThinkingLevel };

export type GeminiGenerationConfig = {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
};

export type GeminiRequestBody = {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
};

export type GeminiUsageMetadata = {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
};

export type GeminiFinishReason =
  | "STOP"
  | "MAX_TOKENS"
  | "SAFETY"
  | "RECITATION"
  | "OTHER"
  | "MALFORMED_FUNCTION_CALL";

export type GeminiCandidate = { content?: { role: "model"; parts: GeminiPart[] }; finishReason?: GeminiFinishReason; index: number };

export type GeminiResponseBody = {
  candidates: GeminiCandidate[];
  usageMetadata?: GeminiUsageMetadata;
  modelVersion: string;
  responseId: string;
};

export type GeminiErrorBody = { error: { code: number; message: string; status: string } };
