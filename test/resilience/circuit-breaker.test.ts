// The provider circuit breaker: opens after N failures in the window, lets exactly one probe through after the
// cool-off, closes on its success, reopens with a doubled (capped) cool-off on its failure. Time is passed in.
import { describe, expect, test } from "bun:test";
import { createCircuitBreakers } from "../../src/resilience/circuit-breaker.ts";

const start = 1_000_000;

function openBreaker(options: Parameters<typeof createCircuitBreakers>[0] = {}) {
  const breakers = createCircuitBreakers({ failureThreshold: 3, windowMs: 10_000, coolOffMs: 1000, ...options });
  for (let index = 0; index < 3; index++) breakers.recordFailure("openai", start + index);
  return breakers;
}

describe("circuit breaker", () => {
  test("defaults: 5 failures within 60 s open it for 30 s", () => {
    const breakers = createCircuitBreakers();
    for (let index = 0; index < 4; index++) breakers.recordFailure("openai", start + index * 10_000);
    expect(breakers.snapshot("openai", start + 40_000)).toEqual({ state: "closed", failures: 4 });
    breakers.recordFailure("openai", start + 50_000);
    expect(breakers.snapshot("openai", start + 50_000)).toEqual({ state: "open", failures: 5, openUntil: start + 80_000 });
    expect(breakers.tryAcquire("openai", start + 79_999)).toBe(false);
    expect(breakers.tryAcquire("openai", start + 80_000)).toBe(true);
  });

  test("an unknown provider is closed and admits traffic", () => {
    const breakers = createCircuitBreakers();
    expect(breakers.snapshot("never-seen", start)).toEqual({ state: "closed", failures: 0 });
    expect(breakers.tryAcquire("never-seen", start)).toBe(true);
    expect(breakers.all(start)).toEqual([]);
  });

  test("opens at the threshold and refuses until the cool-off passes", () => {
    const breakers = openBreaker();
    expect(breakers.snapshot("openai", start + 2)).toEqual({ state: "open", failures: 3, openUntil: start + 1002 });
    expect(breakers.tryAcquire("openai", start + 500)).toBe(false);
    expect(breakers.tryAcquire("anthropic", start + 500)).toBe(true); // per provider
  });

  test("half-open admits exactly one probe until it reports", () => {
    const breakers = openBreaker();
    const later = start + 1002;
    expect(breakers.snapshot("openai", later)).toEqual({ state: "half-open", failures: 3, probeInFlight: false });
    expect(breakers.tryAcquire("openai", later)).toBe(true);
    expect(breakers.tryAcquire("openai", later)).toBe(false);
    expect(breakers.tryAcquire("openai", later + 5000)).toBe(false);
    expect(breakers.snapshot("openai", later + 1)).toMatchObject({ state: "half-open", probeInFlight: true });
  });

  test("a successful probe closes and resets", () => {
    const breakers = openBreaker();
    expect(breakers.tryAcquire("openai", start + 1002)).toBe(true);
    breakers.recordSuccess("openai", start + 1100);
    expect(breakers.snapshot("openai", start + 1100)).toEqual({ state: "closed", failures: 0 });
    expect(breakers.tryAcquire("openai", start + 1100)).toBe(true);
    expect(breakers.tryAcquire("openai", start + 1100)).toBe(true);
    expect(breakers.all(start + 1100)).toEqual([]);
  });

  test("a failed probe reopens with the cool-off doubled, capped at the maximum, and success resets it", () => {
    const breakers = openBreaker({ maxCoolOffMs: 5000 });
    let now = start + 1002;
    const coolOffs: number[] = [];
    for (let round = 0; round < 5; round++) {
      expect(breakers.tryAcquire("openai", now)).toBe(true);
      breakers.recordFailure("openai", now);
      const snapshot = breakers.snapshot("openai", now);
      expect(snapshot.state).toBe("open");
      coolOffs.push(snapshot.openUntil! - now);
      now = snapshot.openUntil!;
    }
    expect(coolOffs).toEqual([2000, 4000, 5000, 5000, 5000]);
    expect(breakers.tryAcquire("openai", now)).toBe(true);
    breakers.recordSuccess("openai", now);
    for (let index = 0; index < 3; index++) breakers.recordFailure("openai", now + index);
    expect(breakers.snapshot("openai", now + 2).openUntil).toBe(now + 2 + 1000);
  });

  test("the default cool-off ceiling is 10 minutes", () => {
    const breakers = createCircuitBreakers({ failureThreshold: 1, coolOffMs: 400_000 });
    breakers.recordFailure("openai", start);
    const halfOpen = start + 400_000;
    expect(breakers.tryAcquire("openai", halfOpen)).toBe(true);
    breakers.recordFailure("openai", halfOpen);
    expect(breakers.snapshot("openai", halfOpen).openUntil).toBe(halfOpen + 600_000);
  });

  test("failures outside the window are forgotten", () => {
    const breakers = createCircuitBreakers({ failureThreshold: 3, windowMs: 10_000 });
    breakers.recordFailure("openai", start);
    breakers.recordFailure("openai", start + 5000);
    expect(breakers.snapshot("openai", start + 9999).failures).toBe(2);
    expect(breakers.snapshot("openai", start + 10_000).failures).toBe(1);
    breakers.recordFailure("openai", start + 12_000); // the first one has left the window
    expect(breakers.snapshot("openai", start + 12_000)).toEqual({ state: "closed", failures: 2 });
    breakers.recordFailure("openai", start + 13_000);
    expect(breakers.snapshot("openai", start + 13_000).state).toBe("open");
  });

  test("a success while closed resets the count", () => {
    const breakers = createCircuitBreakers({ failureThreshold: 3 });
    breakers.recordFailure("openai", start);
    breakers.recordFailure("openai", start + 1);
    breakers.recordSuccess("openai", start + 2);
    breakers.recordFailure("openai", start + 3);
    expect(breakers.snapshot("openai", start + 3)).toEqual({ state: "closed", failures: 1 });
  });

  test("failures reported while open (requests already in flight) neither extend nor double the cool-off", () => {
    const breakers = openBreaker();
    breakers.recordFailure("openai", start + 500);
    expect(breakers.snapshot("openai", start + 500).openUntil).toBe(start + 1002);
    // A straggler failing in half-open before any probe was sent is ignored too.
    breakers.recordFailure("openai", start + 1010);
    expect(breakers.snapshot("openai", start + 1010)).toMatchObject({ state: "half-open" });
  });

  test("a released probe frees the slot; a probe that never reports frees it after the probe timeout", () => {
    const breakers = openBreaker({ probeTimeoutMs: 60_000 });
    const halfOpen = start + 1002;
    expect(breakers.tryAcquire("openai", halfOpen)).toBe(true);
    breakers.releaseProbe("openai");
    expect(breakers.tryAcquire("openai", halfOpen)).toBe(true);
    expect(breakers.tryAcquire("openai", halfOpen + 59_999)).toBe(false);
    expect(breakers.tryAcquire("openai", halfOpen + 60_000)).toBe(true);
  });

  test("all() lists providers that are not plainly closed", () => {
    const breakers = openBreaker();
    breakers.recordFailure("gemini", start);
    expect(breakers.all(start + 10)).toEqual([
      { providerId: "openai", state: "open", failures: 3, openUntil: start + 1002 },
      { providerId: "gemini", state: "closed", failures: 1 },
    ]);
  });
});
