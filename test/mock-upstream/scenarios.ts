// Test scenarios are selected by the request's model name, so concurrent tests sharing one mock upstream never
// interfere. This module turns a model name into a format-neutral Scenario; each wire format (OpenAI Chat,
// embeddings, Responses, Anthropic Messages, Gemini) decides how the scenario looks in its own protocol.
//
// Model names understood (anything else is a normal model, e.g. "gpt-4o-mini"):
//   error-400 | error-401 | error-403 | error-404 | error-500 | error-503   that HTTP status with an error body
//   rate-limit            429 with retry-after and rate-limit headers (Gemini: RetryInfo in the error details)
//   overloaded            the provider's "overloaded" answer: Anthropic 529 overloaded_error, Gemini 503
//                         UNAVAILABLE, OpenAI 503 service_unavailable
//   context-too-long      400 context_length_exceeded
//   hang                  never answers; released when the client aborts or the mock stops
//   hang-after-headers    200 headers (and for streams the first chunk), then nothing until aborted
//   mid-stream-error      stream starts, then an in-stream error event, then the stream closes
//   mid-stream-drop       stream starts, then the connection is cut without a terminator
//   slow-<ms>             waits <ms> milliseconds, then answers normally
//   chunk-delay-<ms>      normal answer; streams wait <ms> between chunks instead of the default
//   echo-headers          normal answer whose text is JSON of the received (lowercased) request headers
//   embed-floats-only     embeddings always returned as float arrays, whatever encoding_format asks
//
// A model name that merely contains "cached" (e.g. "claude-cached", "gpt-4o-cached") is a normal model whose usage
// reports 3 prompt tokens as read from cache, in each format's own way (see cachedPromptTokensFor).

export const defaultChunkDelayMilliseconds = 5;

export type ErrorStatus = 400 | 401 | 403 | 404 | 500 | 503;

export type Scenario =
  | { kind: "normal" }
  | { kind: "error-status"; status: ErrorStatus }
  | { kind: "rate-limit" }
  | { kind: "overloaded" }
  | { kind: "context-too-long" }
  | { kind: "hang" }
  | { kind: "hang-after-headers" }
  | { kind: "mid-stream-error" }
  | { kind: "mid-stream-drop" }
  | { kind: "slow"; delayMilliseconds: number }
  | { kind: "chunk-delay"; delayMilliseconds: number }
  | { kind: "echo-headers" }
  | { kind: "embed-floats-only" };

const errorStatuses: readonly ErrorStatus[] = [400, 401, 403, 404, 500, 503];

const fixedScenarios: Record<string, Scenario> = {
  "rate-limit": { kind: "rate-limit" },
  overloaded: { kind: "overloaded" },
  "context-too-long": { kind: "context-too-long" },
  hang: { kind: "hang" },
  "hang-after-headers": { kind: "hang-after-headers" },
  "mid-stream-error": { kind: "mid-stream-error" },
  "mid-stream-drop": { kind: "mid-stream-drop" },
  "echo-headers": { kind: "echo-headers" },
  "embed-floats-only": { kind: "embed-floats-only" },
};

export function parseScenario(model: string | undefined): Scenario {
  if (model === undefined) return { kind: "normal" };
  const fixed = fixedScenarios[model];
  if (fixed !== undefined) return fixed;

  const errorMatch = /^error-(\d{3})$/.exec(model);
  if (errorMatch !== null) {
    const status = errorStatuses.find((candidate) => String(candidate) === errorMatch[1]);
    if (status !== undefined) return { kind: "error-status", status };
  }

  const slowMatch = /^slow-(\d+)$/.exec(model);
  if (slowMatch !== null) return { kind: "slow", delayMilliseconds: Number(slowMatch[1]) };

  const chunkDelayMatch = /^chunk-delay-(\d+)$/.exec(model);
  if (chunkDelayMatch !== null) return { kind: "chunk-delay", delayMilliseconds: Number(chunkDelayMatch[1]) };

  return { kind: "normal" };
}

export function chunkDelayFor(scenario: Scenario): number {
  return scenario.kind === "chunk-delay" ? scenario.delayMilliseconds : defaultChunkDelayMilliseconds;
}

const cachedPromptTokenCount = 3;

/** Prompt tokens reported as cache reads: 3 (at most the whole prompt) when the model name contains "cached". */
export function cachedPromptTokensFor(model: string, promptTokens: number): number {
  return model.includes("cached") ? Math.min(cachedPromptTokenCount, promptTokens) : 0;
}
