// IR stream events shared by the stream-encoder tests and the @google/genai parsing test.
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";

/** A turn from a non-Gemini upstream: a thought, two text deltas, one tool call in fragments, usage, finish. */
export const toolTurn: IrStreamEvent[] = [
  { type: "start", id: "resp-9", model: "claude-sonnet" },
  { type: "reasoning-delta", text: "Need the weather." },
  { type: "reasoning-signature", signature: { family: "anthropic", value: "not-for-gemini" } },
  { type: "text-delta", text: "Let me " },
  { type: "text-delta", text: "check." },
  { type: "tool-call-start", index: 0, id: "toolu_1", name: "get_weather" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"ci' },
  { type: "tool-call-delta", index: 0, argumentsDelta: 'ty":"Oslo"}' },
  { type: "tool-call-end", index: 0 },
  { type: "usage", usage: { inputTokens: 40, outputTokens: 25, reasoningTokens: 5 } },
  { type: "finish", reason: "tool_calls" },
];
