// Ollama response fields → IR: `done_reason` to a finish reason, the eval counts to usage, `created_at` to a
// Unix time. Shared by the JSON and the streaming decoder.
import type { IrFinishReason, IrUsage } from "../ir.ts";
import { asNumber, asString, type JsonObject } from "../json-values.ts";

/** `stop` (also when the model called tools: Ollama has no tool-call reason), `length`; anything else is other. */
export function finishReasonToIr(doneReason: unknown, calledTools: boolean): IrFinishReason {
  if (doneReason === "length") return "length";
  if (doneReason === "stop" || doneReason === undefined || doneReason === null || doneReason === "") return calledTools ? "tool_calls" : "stop";
  return "other";
}

/** `prompt_eval_count` and `eval_count` (which includes thinking tokens); undefined when Ollama sent neither. */
export function usageToIr(body: JsonObject): IrUsage | undefined {
  const input = asNumber(body.prompt_eval_count);
  const output = asNumber(body.eval_count);
  if (input === undefined && output === undefined) return undefined;
  return { inputTokens: input ?? 0, outputTokens: output ?? 0 };
}

export function createdOf(body: JsonObject): number {
  const parsed = Date.parse(asString(body.created_at) ?? "");
  return Number.isFinite(parsed) ? Math.floor(parsed / 1000) : Math.floor(Date.now() / 1000);
}
