// Usage records feed the limits: tokens into each key's tokens per minute, cost into its budget, anonymous
// requests skipped. Wired to the real usage recorder and rollup, every request's cost is counted exactly once,
// whether it arrived before the key was first seen (read back from the rollup) or after (added as it arrives).
import { describe, expect, test } from "bun:test";
import { GatewayError } from "../../src/errors/gateway-errors.ts";
import { createBudgetTracker, sumSpendFromRollup, type BudgetTracker } from "../../src/limits/budget-tracker.ts";
import { createInMemoryLimitStore } from "../../src/limits/in-memory-limit-store.ts";
import { createKeyLimiter } from "../../src/limits/key-limits.ts";
import { attachUsage } from "../../src/limits/limits-from-usage.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { openStorage } from "../../src/storage/database.ts";
import type { UsageRecord } from "../../src/usage/usage-record.ts";
import { createUsageRecorder, type UsageRecorder } from "../../src/usage/usage-recorder.ts";

const now = Date.UTC(2025, 2, 14, 10, 0, 0);

let requests = 0;

function usageRecord(overrides: Partial<UsageRecord>): UsageRecord {
  return {
    requestId: `request-${++requests}`,
    timestamp: now,
    apiKeyId: 1,
    apiKeyName: "alice",
    clientFormat: "openai-chat",
    requestedModel: "gpt",
    servedModel: "gpt",
    connection: "main",
    provider: "openai",
    combo: null,
    status: 200,
    errorCode: null,
    attempts: 1,
    stream: false,
    latencyMs: 100,
    firstTokenMs: null,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: false,
    costUsd: 0,
    cacheHit: false,
    compressionSavedTokens: 0,
    ...overrides,
  };
}

function fakeRecorder() {
  const listeners = new Set<(record: UsageRecord) => void>();
  return {
    subscribe(listener: (record: UsageRecord) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    record(record: UsageRecord) {
      for (const listener of listeners) listener(record);
    },
  };
}

describe("attachUsage", () => {
  test("records input + output tokens and cost by API key, skips anonymous records, and stops when detached", () => {
    const tokens: Array<[number, number, number]> = [];
    const costs: Array<[number, number, number]> = [];
    const recorder = fakeRecorder();
    const detach = attachUsage(
      { recordTokens: (keyId, count, at) => tokens.push([keyId, count, at]) },
      { record: (keyId, cost, timestamp) => costs.push([keyId, cost, timestamp]) },
      recorder,
      () => now + 30_000,
    );
    recorder.record(usageRecord({ apiKeyId: 3, inputTokens: 120, outputTokens: 80, costUsd: 0.02 }));
    recorder.record(usageRecord({ apiKeyId: null, inputTokens: 999, costUsd: 9 }));
    detach();
    recorder.record(usageRecord({ apiKeyId: 3, inputTokens: 1, costUsd: 1 }));
    expect(tokens).toEqual([[3, 200, now + 30_000]]);
    expect(costs).toEqual([[3, 0.02, now]]);
  });
});

describe("wired to the usage recorder and rollup", () => {
  const build = () => {
    const storage = openStorage(":memory:");
    const recorder = createUsageRecorder(storage.sqlite, createLogger("error", () => {}), { intervalMs: 3_600_000, batchSize: 10_000 });
    // What the lead wires: write what is queued, then read the rollup, so nothing is counted twice or missed.
    // If the write fails the queued usage would be missed, so refuse (the limiter turns that into a 503).
    const loadSpend = (keyId: number, since: number) => {
      if (recorder.flush() === 0 && recorder.pending > 0) throw new Error("queued usage could not be written");
      return sumSpendFromRollup(storage.sqlite, keyId, since);
    };
    return { storage, recorder, loadSpend };
  };

  const attach = (recorder: UsageRecorder, budgets: BudgetTracker) => {
    const store = createInMemoryLimitStore();
    const limiter = createKeyLimiter(store, budgets);
    return { limiter, detach: attachUsage(limiter, budgets, recorder, () => now) };
  };

  test("each request's cost counts exactly once, before and after the key is first seen, and after a restart", () => {
    const { storage, recorder, loadSpend } = build();
    const budgets = createBudgetTracker({ loadSpend });
    const { limiter, detach } = attach(recorder, budgets);

    recorder.record(usageRecord({ costUsd: 2, inputTokens: 100, outputTokens: 50 })); // key not seen yet; still queued
    expect(recorder.pending).toBe(1);
    expect(budgets.spend(1, now)).toEqual({ today: 2, month: 2 });
    recorder.record(usageRecord({ costUsd: 3 })); // seen: added as it arrives, written later
    expect(recorder.pending).toBe(1);
    expect(budgets.spend(1, now)).toEqual({ today: 5, month: 5 });
    expect(limiter.snapshot(1, now).tokensInLastMinute).toBe(150);

    const restarted = createBudgetTracker({ loadSpend });
    expect(restarted.spend(1, now)).toEqual({ today: 5, month: 5 });
    detach();
    recorder.stop();
    storage.close();
  });

  test("a key reaches its daily budget through recorded usage and is refused", () => {
    const { storage, recorder, loadSpend } = build();
    const budgets = createBudgetTracker({ loadSpend });
    const { limiter, detach } = attach(recorder, budgets);
    const limits = { dailyBudgetUsd: 1 };
    for (let index = 0; index < 4; index++) {
      limiter.admit(1, limits, now).release();
      recorder.record(usageRecord({ costUsd: 0.25 }));
    }
    let refused: unknown;
    try {
      limiter.admit(1, limits, now);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).code).toBe("budget_exceeded");
    limiter.admit(2, limits, now).release();
    storage.sqlite.run("DROP TABLE usage_hourly"); // writes now fail: a key seen for the first time is refused
    recorder.record(usageRecord({ apiKeyId: 3, costUsd: 0.5 }));
    let unavailable: unknown;
    try {
      limiter.admit(3, limits, now);
    } catch (error) {
      unavailable = error;
    }
    expect((unavailable as GatewayError).status).toBe(503);
    expect((unavailable as GatewayError).code).toBe("budget_unavailable");
    detach();
    recorder.stop();
    storage.close();
  });
});
