// The in-memory selection state: counters and the latency average, per-combo cursors and decks, last known good
// with its change callback, and sticky sessions that expire and stay bounded.
import { describe, expect, test } from "bun:test";
import { createInMemorySelectionState, maxStickySessions } from "../../src/routing/in-memory-selection-state.ts";

describe("in-memory selection state", () => {
  test("counts attempts, successes, failures and requests in flight", () => {
    const state = createInMemorySelectionState();
    expect(state.target("a/m")).toEqual({ requests: 0, successes: 0, failures: 0, inFlight: 0 });
    state.recordStart("a/m");
    state.recordStart("a/m");
    expect(state.target("a/m").inFlight).toBe(2);
    state.recordSuccess("a/m", 100, 10);
    state.recordFailure("a/m", 20);
    state.recordFailure("a/m", 30); // more endings than starts never go below zero
    expect(state.target("a/m")).toEqual({ requests: 2, successes: 1, failures: 2, inFlight: 0, latencyEwmaMs: 100, lastSuccessAt: 10, lastFailureAt: 30 });
  });

  test("latency is an exponentially weighted moving average with alpha 0.3", () => {
    const state = createInMemorySelectionState();
    state.recordSuccess("a/m", 200, 1);
    state.recordSuccess("a/m", 100, 2);
    expect(state.target("a/m").latencyEwmaMs).toBeCloseTo(170);
    state.recordSuccess("a/m", 400, 3);
    expect(state.target("a/m").latencyEwmaMs).toBeCloseTo(0.3 * 400 + 0.7 * 170);
  });

  test("reads are copies and quotas are replaced", () => {
    const state = createInMemorySelectionState();
    state.recordQuota("a/m", { remaining: 5, limit: 10, resetAt: 100 });
    const read = state.target("a/m");
    read.quota!.remaining = 0;
    read.requests = 99;
    expect(state.target("a/m").quota).toEqual({ remaining: 5, limit: 10, resetAt: 100 });
    expect(state.target("a/m").requests).toBe(0);
    state.recordQuota("a/m", { remaining: 4, limit: 10, resetAt: 200 });
    expect(state.target("a/m").quota).toEqual({ remaining: 4, limit: 10, resetAt: 200 });
  });

  test("cursors wrap at the modulo, per combo, returning the value before the increment", () => {
    const state = createInMemorySelectionState();
    expect([0, 1, 2, 3].map(() => state.nextCursor("x", 3))).toEqual([0, 1, 2, 0]);
    expect(state.nextCursor("y", 3)).toBe(0);
    expect(state.nextCursor("x", 2)).toBe(1);
    expect(state.nextCursor("x", 0)).toBe(0);
  });

  test("decks are stored per combo as copies", () => {
    const state = createInMemorySelectionState();
    expect(state.deck("x")).toBeUndefined();
    const keys = ["a/m", "b/m"];
    state.setDeck("x", keys);
    keys.push("c/m");
    expect(state.deck("x")).toEqual(["a/m", "b/m"]);
  });

  test("last known good reports changes only", () => {
    const changes: string[] = [];
    const state = createInMemorySelectionState({
      onLastKnownGoodChange: (combo, key) => changes.push(`${combo}=${key}`),
      lastKnownGood: { loaded: "z/m" },
    });
    expect(state.lastKnownGood("loaded")).toBe("z/m");
    state.setLastKnownGood("x", "a/m");
    state.setLastKnownGood("x", "a/m");
    state.setLastKnownGood("x", "b/m");
    state.setLastKnownGood("loaded", "z/m");
    expect(changes).toEqual(["x=a/m", "x=b/m"]);
    expect(state.lastKnownGood("x")).toBe("b/m");
  });

  test("sticky bindings are per combo and expire after their time to live", () => {
    const state = createInMemorySelectionState();
    state.setStickyTarget("x", "session", "a/m", 1000, 500);
    expect(state.stickyTarget("x", "session", 1499)).toBe("a/m");
    expect(state.stickyTarget("y", "session", 1000)).toBeUndefined();
    expect(state.stickyTarget("x", "session", 1500)).toBeUndefined();
    state.setStickyTarget("x", "session", "b/m", 2000, 500);
    expect(state.stickyTarget("x", "session", 2100)).toBe("b/m");
  });

  test(`sticky bindings are capped at ${maxStickySessions}, the least recently bound forgotten first`, () => {
    const state = createInMemorySelectionState();
    for (let index = 0; index <= maxStickySessions; index++) {
      state.setStickyTarget("x", `session-${index}`, "a/m", 0, 1000);
      if (index === 0) state.setStickyTarget("x", "kept", "a/m", 0, 1000);
      if (index === 10) state.setStickyTarget("x", "kept", "b/m", 0, 1000); // rebinding renews
    }
    expect(state.stickyTarget("x", "session-0", 1)).toBeUndefined();
    expect(state.stickyTarget("x", "session-1", 1)).toBeUndefined();
    expect(state.stickyTarget("x", "session-2", 1)).toBe("a/m");
    expect(state.stickyTarget("x", "kept", 1)).toBe("b/m");
    expect(state.stickyTarget("x", `session-${maxStickySessions}`, 1)).toBe("a/m");
  });
});
