// Per API key limits: requests per minute counted atomically under concurrent arrivals, tokens per minute from
// recorded usage, requests in flight with an exactly-once release, and budgets that fail closed. Every refusal is a
// 429 GatewayError naming the limit and the key, with Retry-After in whole seconds.
import { describe, expect, test } from "bun:test";
import { GatewayError } from "../../src/errors/gateway-errors.ts";
import { createBudgetTracker } from "../../src/limits/budget-tracker.ts";
import { createInMemoryLimitStore } from "../../src/limits/in-memory-limit-store.ts";
import { createKeyLimiter, type KeyLimits } from "../../src/limits/key-limits.ts";

const start = Date.UTC(2025, 0, 15, 12, 0, 0);

function setup(loadSpend: (keyId: number, since: number) => number = () => 0) {
  const store = createInMemoryLimitStore();
  const budgets = createBudgetTracker({ loadSpend });
  return { store, budgets, limiter: createKeyLimiter(store, budgets) };
}

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected the request to be refused");
}

describe("requests per minute", () => {
  test("exactly N of 3N concurrent admits get through; the rest are 429 rate_limit_exceeded", async () => {
    const { limiter } = setup();
    const limits: KeyLimits = { requestsPerMinute: 7 };
    const outcomes = await Promise.allSettled(Array.from({ length: 21 }, async () => limiter.admit(1, limits, start)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(7);
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected").map((outcome) => outcome.reason as GatewayError);
    expect(refused).toHaveLength(14);
    for (const error of refused) {
      expect(error).toBeInstanceOf(GatewayError);
      expect(error.status).toBe(429);
      expect(error.kind).toBe("rate_limit");
      expect(error.code).toBe("rate_limit_exceeded");
      expect(error.headers["retry-after"]).toBe("60");
    }
  });

  test("refused requests do not count; the window slides and Retry-After is the time until the oldest leaves", () => {
    const { limiter } = setup();
    const limits = { requestsPerMinute: 2 };
    limiter.admit(1, limits, start);
    limiter.admit(1, limits, start + 20_000);
    for (let index = 0; index < 5; index++) expect(() => limiter.admit(1, limits, start + 30_000)).toThrow(GatewayError);
    const error = refusal(() => limiter.admit(1, limits, start + 45_500));
    expect(error.headers["retry-after"]).toBe("15"); // ceil(14.5 s) until the first request leaves at start + 60 s
    expect(error.message).toContain("2 requests per minute");
    limiter.admit(1, limits, start + 60_000); // the one from start left; refused ones never counted
    expect(() => limiter.admit(1, limits, start + 60_000)).toThrow(GatewayError);
  });

  test("the message names the key by name when given, else by id; keys are independent", () => {
    const { limiter } = setup();
    limiter.admit(1, { requestsPerMinute: 1 }, start, "alice");
    expect(refusal(() => limiter.admit(1, { requestsPerMinute: 1 }, start, "alice")).message).toContain('API key "alice"');
    expect(refusal(() => limiter.admit(1, { requestsPerMinute: 1 }, start)).message).toContain("API key 1");
    limiter.admit(2, { requestsPerMinute: 1 }, start);
  });

  test("a limit of zero refuses everything for a minute at a time", () => {
    const { limiter } = setup();
    expect(refusal(() => limiter.admit(1, { requestsPerMinute: 0 }, start)).headers["retry-after"]).toBe("60");
  });
});

describe("tokens per minute", () => {
  test("admits while recorded tokens are under the limit, refuses at or above it until they leave the window", () => {
    const { limiter } = setup();
    const limits = { tokensPerMinute: 1000 };
    limiter.admit(1, limits, start);
    limiter.recordTokens(1, 600, start + 1000);
    limiter.admit(1, limits, start + 2000);
    limiter.recordTokens(1, 399, start + 3000);
    limiter.admit(1, limits, start + 4000); // 999 < 1000: still admitted, it cannot know its own size
    limiter.recordTokens(1, 1, start + 5000);
    const error = refusal(() => limiter.admit(1, limits, start + 10_000));
    expect(error.status).toBe(429);
    expect(error.code).toBe("tokens_per_minute_exceeded");
    expect(error.message).toContain("1000 tokens per minute");
    expect(error.headers["retry-after"]).toBe("51"); // the 600 recorded at start + 1 s leave at start + 61 s
    expect(() => limiter.admit(1, limits, start + 60_999)).toThrow(GatewayError);
    limiter.admit(1, limits, start + 61_000);
  });

  test("tokens of one key do not limit another; zero and invalid token counts are ignored", () => {
    const { limiter, store } = setup();
    limiter.recordTokens(1, 5000, start);
    limiter.admit(2, { tokensPerMinute: 1000 }, start);
    limiter.recordTokens(3, 0, start);
    limiter.recordTokens(3, Number.NaN, start);
    expect(store.trackedKeys).toBe(1);
  });
});

describe("concurrent requests", () => {
  test("acquired at admit, released when the request ends, exactly once even if released twice", () => {
    const { limiter } = setup();
    const limits = { concurrentRequests: 2 };
    const first = limiter.admit(1, limits, start);
    limiter.admit(1, limits, start);
    const error = refusal(() => limiter.admit(1, limits, start));
    expect(error.status).toBe(429);
    expect(error.code).toBe("concurrency_limit_exceeded");
    expect(error.headers["retry-after"]).toBe("1");
    expect(error.message).toContain("2 requests in flight");
    first.release();
    first.release();
    limiter.admit(1, limits, start);
    expect(() => limiter.admit(1, limits, start)).toThrow(GatewayError); // the double release freed only one slot
    expect(limiter.snapshot(1, start).inFlight).toBe(2);
  });

  test("a request refused for concurrency does not use up the requests-per-minute allowance", () => {
    const { limiter } = setup();
    const limits = { concurrentRequests: 1, requestsPerMinute: 2 };
    const first = limiter.admit(1, limits, start);
    for (let index = 0; index < 3; index++) expect(() => limiter.admit(1, limits, start)).toThrow(GatewayError);
    first.release();
    limiter.admit(1, limits, start).release();
    expect(refusal(() => limiter.admit(1, limits, start)).code).toBe("rate_limit_exceeded");
  });

  test("no limits: always admitted, release is harmless", () => {
    const { limiter } = setup();
    for (let index = 0; index < 100; index++) limiter.admit(1, {}, start).release();
  });
});

describe("budgets", () => {
  test("fails closed at exactly the daily budget, with Retry-After until the next UTC day", () => {
    const { limiter, budgets } = setup(() => 9.5);
    const now = Date.UTC(2025, 0, 15, 23, 0, 0);
    limiter.admit(1, { dailyBudgetUsd: 10 }, now);
    budgets.record(1, 0.5, now);
    const error = refusal(() => limiter.admit(1, { dailyBudgetUsd: 10 }, now + 1000, "alice"));
    expect(error.status).toBe(429);
    expect(error.code).toBe("budget_exceeded");
    expect(error.message).toContain('API key "alice"');
    expect(error.message).toContain("$10 daily budget");
    expect(error.headers["retry-after"]).toBe(String(3600 - 1));
    // The next UTC day starts from zero (this loader is only asked on first sight, so today starts clean).
    limiter.admit(1, { dailyBudgetUsd: 10 }, Date.UTC(2025, 0, 16));
  });

  test("fails closed at the monthly budget with Retry-After until the next UTC month, even when the day has room", () => {
    const monthStart = Date.UTC(2025, 0, 1);
    const { limiter } = setup((_keyId, since) => (since === monthStart ? 100 : 0));
    const now = Date.UTC(2025, 0, 31, 22, 0, 0);
    const error = refusal(() => limiter.admit(1, { dailyBudgetUsd: 10, monthlyBudgetUsd: 100 }, now));
    expect(error.code).toBe("budget_exceeded");
    expect(error.message).toContain("monthly budget");
    expect(error.headers["retry-after"]).toBe(String(2 * 3600));
    limiter.admit(1, { dailyBudgetUsd: 10, monthlyBudgetUsd: 100 }, Date.UTC(2025, 1, 1));
  });

  test("a budget of zero refuses everything; under it, admitted", () => {
    const { limiter } = setup();
    expect(refusal(() => limiter.admit(1, { monthlyBudgetUsd: 0 }, start)).code).toBe("budget_exceeded");
    limiter.admit(1, { monthlyBudgetUsd: 0.01 }, start);
  });

  test("spend that cannot be read refuses keys with a budget (503) and leaves keys without one alone", () => {
    const { limiter } = setup(() => {
      throw new Error("database is locked");
    });
    const error = refusal(() => limiter.admit(1, { dailyBudgetUsd: 5 }, start));
    expect(error.status).toBe(503);
    expect(error.code).toBe("budget_unavailable");
    expect(error.message).not.toContain("database is locked");
    limiter.admit(1, { requestsPerMinute: 5 }, start);
  });

  test("a key refused for its budget uses up no other allowance", () => {
    const { limiter } = setup(() => 20);
    const limits = { dailyBudgetUsd: 10, requestsPerMinute: 1, concurrentRequests: 1 };
    for (let index = 0; index < 3; index++) expect(() => limiter.admit(1, limits, start)).toThrow(GatewayError);
    expect(limiter.snapshot(1, start)).toEqual({ keyId: 1, requestsInLastMinute: 0, tokensInLastMinute: 0, inFlight: 0, spentTodayUsd: 20, spentThisMonthUsd: 20 });
  });
});
