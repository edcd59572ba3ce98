// Feeds finished requests back into the limits: their tokens into each key's tokens-per-minute window and their
// cost into each key's budget totals. It listens to the usage recorder, which sees every request exactly once, so
// the limits count the same requests, tokens and cost the usage rollup does.
import type { UsageRecorder } from "../usage/usage-recorder.ts";
import type { BudgetTracker } from "./budget-tracker.ts";
import type { KeyLimiter } from "./key-limits.ts";

/**
 * Tokens count toward the minute in which the request finished (`now()`, when the record arrives); cost counts
 * toward the day of the record's timestamp, as the rollup attributes it. Records without an API key are skipped.
 * Returns a function that stops listening.
 */
export function attachUsage(
  limiter: Pick<KeyLimiter, "recordTokens">,
  budgets: Pick<BudgetTracker, "record">,
  recorder: Pick<UsageRecorder, "subscribe">,
  now: () => number = Date.now,
): () => void {
  const unsubscribe = recorder.subscribe((record) => {
    if (record.apiKeyId === null) return;
    limiter.recordTokens(record.apiKeyId, record.inputTokens + record.outputTokens, now());
    budgets.record(record.apiKeyId, record.costUsd, record.timestamp);
  });
  return () => {
    unsubscribe();
  };
}
