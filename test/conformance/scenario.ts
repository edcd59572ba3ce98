// What one conformance scenario asks of a client, and what every client adapter reports back, in one neutral
// shape, so the same assertions run over every client × upstream pair.
export type ScenarioTool = { name: string; description: string; parameters: Record<string, unknown> };

export type ScenarioInput = {
  model: string;
  system?: string;
  /** Earlier turns, oldest first; the final user prompt is `prompt`. */
  history?: Array<{ role: "user" | "assistant"; text: string }>;
  prompt: string;
  /** A base64 PNG attached to the final user message. */
  image?: { mediaType: string; data: string };
  tools?: ScenarioTool[];
  /** Replays a finished tool call and its result before the final turn (which then has no new user text). */
  toolResult?: { callId: string; name: string; arguments: Record<string, unknown>; result: string };
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  thinking?: boolean;
  maxTokens?: number;
};

export type ScenarioResult = {
  text: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: Record<string, unknown> }>;
  usage?: { input: number; output: number; cached: number };
  /** The client format's finish reason, normalised: stop, length, tool_calls or other. */
  finish: string;
};

export type ClientAdapter = {
  format: "openai-chat" | "openai-responses" | "anthropic" | "gemini";
  run(input: ScenarioInput, stream: boolean): Promise<ScenarioResult>;
  /**
   * Two turns the way an agent runs them: the first (with `input.tools`) returns tool calls; the second replays
   * the assistant turn exactly as the SDK returned it (reasoning, signatures and all) plus one result per call.
   */
  toolLoop(input: ScenarioInput, stream: boolean, resultText: string): Promise<{ first: ScenarioResult; second: ScenarioResult }>;
};

/** A 1×1 transparent PNG. */
export const tinyPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
