// Chat Completions finish_reason ↔ IR finish reason.
import type { IrFinishReason } from "../ir.ts";

export function finishReasonToIr(reason: unknown): IrFinishReason {
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    default:
      return reason == null ? "stop" : "other";
  }
}

export function finishReasonFromIr(reason: IrFinishReason): string {
  switch (reason) {
    case "length":
      return "length";
    case "tool_calls":
      return "tool_calls";
    case "content_filter":
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}
