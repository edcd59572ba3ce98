// One request's usage as the gateway records it: who asked, what served it, how long it took, what it cost.
export type UsageRecord = {
  /** Also sent to the client as x-amrouter-request-id, and the key of a captured body. */
  requestId: string;
  timestamp: number;
  apiKeyId: number | null;
  apiKeyName: string | null;
  clientFormat: string;
  requestedModel: string;
  servedModel: string | null;
  connection: string | null;
  provider: string | null;
  combo: string | null;
  status: number;
  errorCode: string | null;
  attempts: number;
  stream: boolean;
  latencyMs: number;
  firstTokenMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Counted by the gateway because the upstream reported no usage. */
  estimated: boolean;
  costUsd: number;
  cacheHit: boolean;
  compressionSavedTokens: number;
};

/** Request and response bodies kept for the request inspector when capture is on: capped and redacted. */
export type RequestCapture = {
  requestId: string;
  timestamp: number;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
  truncated: boolean;
};
