// Anthropic `stop_reason` ↔ IR finish reason. The two vocabularies do not map 1:1, so both directions live
// here side by side.
import type { IrFinishReason } from "../ir.ts";
import type { AnthropicStopReason } from "./schema-types.ts";

const finishByStopReason: Record<string, IrFinishReason> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "refusal",
  pause_turn: "other",
};

/** Upstream `stop_reason` → IR. A missing value means the turn simply ended; unknown values become "other". */
export function finishReasonFromAnthropic(stopReason: unknown): IrFinishReason {
  if (stopReason === null || stopReason === undefined) return "stop";
  return (typeof stopReason === "string" && finishByStopReason[stopReason]) || "other";
}

/** IR → the client's `stop_reason`. A stop with a known stop sequence reports "stop_sequence". */
export function stopReasonFromIr(reason: IrFinishReason, stopSequence?: string): AnthropicStopReason {
  switch (reason) {
    case "stop":
      return stopSequence === undefined ? "end_turn" : "stop_sequence";
    case "length":
      return "max_tokens";
    case "tool_calls":
      return "tool_use";
    case "refusal":
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}
