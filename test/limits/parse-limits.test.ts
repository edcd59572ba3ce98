// Stored and submitted limit settings are checked before a limiter sees them: non-negative finite numbers, whole
// numbers for counts, known field names only, null meaning "no limit".
import { describe, expect, test } from "bun:test";
import { parseConnectionLimits, parseKeyLimits } from "../../src/limits/parse-limits.ts";

describe("parse limits", () => {
  test("key limits from an object or the stored JSON text", () => {
    expect(parseKeyLimits({ requestsPerMinute: 60, dailyBudgetUsd: 2.5, monthlyBudgetUsd: null })).toEqual({ limits: { requestsPerMinute: 60, dailyBudgetUsd: 2.5 } });
    expect(parseKeyLimits('{"tokensPerMinute":100000,"concurrentRequests":4}')).toEqual({ limits: { tokensPerMinute: 100000, concurrentRequests: 4 } });
    expect(parseKeyLimits("{}")).toEqual({ limits: {} });
    expect(parseKeyLimits("")).toEqual({ limits: {} });
    expect(parseKeyLimits(null)).toEqual({ limits: {} });
  });

  test("mistakes are reported, never silently dropped", () => {
    expect(parseKeyLimits({ requestPerMinute: 5 })).toEqual({ error: expect.stringContaining("unknown API key limit 'requestPerMinute'") });
    expect(parseKeyLimits({ requestsPerMinute: -1 })).toEqual({ error: expect.stringContaining("non-negative") });
    expect(parseKeyLimits({ requestsPerMinute: 1.5 })).toEqual({ error: expect.stringContaining("whole number") });
    expect(parseKeyLimits({ dailyBudgetUsd: "5" })).toEqual({ error: expect.stringContaining("non-negative number") });
    expect(parseKeyLimits({ dailyBudgetUsd: Number.POSITIVE_INFINITY })).toEqual({ error: expect.stringContaining("non-negative number") });
    expect(parseKeyLimits("{not json")).toEqual({ error: "API key limits are not valid JSON" });
    expect(parseKeyLimits([1])).toEqual({ error: "API key limits must be an object" });
  });

  test("connection limits", () => {
    expect(parseConnectionLimits({ requestsPerMinute: 500, concurrentRequests: 8, queueSize: 0, queueTimeoutMs: 1500 })).toEqual({
      limits: { requestsPerMinute: 500, concurrentRequests: 8, queueSize: 0, queueTimeoutMs: 1500 },
    });
    expect(parseConnectionLimits({ dailyBudgetUsd: 1 })).toEqual({ error: expect.stringContaining("unknown connection limit 'dailyBudgetUsd'") });
  });
});
