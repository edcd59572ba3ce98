// The Responses API has no finish_reason: it has a status, incomplete_details.reason and the presence of
// function_call items. These map that to the IR finish reason and back.
import type { IrFinishReason } from "../ir.ts";
import type { ResponsesIncompleteReason, ResponsesStatus } from "./schema-types.ts";

export type ResponsesOutcome = { status: unknown; incompleteReason: unknown; hasFunctionCalls: boolean; hasRefusal: boolean };

/** Failure and truncation win over tool calls: a call cut off by max_output_tokens is not a usable call. */
export function finishReasonFromWire(outcome: ResponsesOutcome): IrFinishReason {
  if (outcome.status === "failed" || outcome.status === "cancelled") return "error";
  if (outcome.status === "incomplete") {
    if (outcome.incompleteReason === "max_output_tokens") return "length";
    if (outcome.incompleteReason === "content_filter") return "content_filter";
    return "other";
  }
  if (outcome.hasFunctionCalls) return "tool_calls";
  if (outcome.hasRefusal) return "refusal";
  return "stop";
}

export type ResponsesTerminalState = {
  status: Extract<ResponsesStatus, "completed" | "incomplete" | "failed">;
  incompleteReason?: ResponsesIncompleteReason;
};

export function terminalStateFromIr(reason: IrFinishReason): ResponsesTerminalState {
  switch (reason) {
    case "length":
      return { status: "incomplete", incompleteReason: "max_output_tokens" };
    case "content_filter":
      return { status: "incomplete", incompleteReason: "content_filter" };
    case "error":
      return { status: "failed" };
    default:
      return { status: "completed" };
  }
}
