// The in-memory limit store: a 60-slot ring per counter that slides with the injected clock, the time until a
// window frees for Retry-After, a cap on counters that drops the least recently used, and concurrency slots.
import { describe, expect, test } from "bun:test";
import { createInMemoryLimitStore } from "../../src/limits/in-memory-limit-store.ts";

const start = Date.UTC(2025, 0, 15, 12, 0, 0);
const minute = 60_000;

describe("sliding window ring", () => {
  test("an amount counts for exactly the 60 one-second slots of its minute, then drops out", () => {
    const store = createInMemoryLimitStore();
    expect(store.hit("k", 5, minute, start)).toBe(5);
    expect(store.hit("k", 3, minute, start + 30_000)).toBe(8);
    expect(store.peek("k", minute, start + 59_999)).toBe(8);
    expect(store.peek("k", minute, start + 60_000)).toBe(3);
    expect(store.peek("k", minute, start + 89_999)).toBe(3);
    expect(store.peek("k", minute, start + 90_000)).toBe(0);
  });

  test("an amount added mid-slot counts until its slot leaves the window (at most one slot early)", () => {
    const store = createInMemoryLimitStore();
    store.hit("k", 1, minute, start + 500);
    expect(store.peek("k", minute, start + 59_999)).toBe(1);
    expect(store.peek("k", minute, start + 60_000)).toBe(0);
  });

  test("a gap longer than the window empties the ring; hits keep accumulating after it", () => {
    const store = createInMemoryLimitStore();
    for (let second = 0; second < 60; second++) store.hit("k", 1, minute, start + second * 1000);
    expect(store.peek("k", minute, start + 59_000)).toBe(60);
    expect(store.peek("k", minute, start + 60_000)).toBe(59);
    expect(store.hit("k", 2, minute, start + 10 * minute)).toBe(2);
    expect(store.peek("k", minute, start + 10 * minute + 59_999)).toBe(2);
  });

  test("a negative amount undoes a hit; a clock that goes back counts in the newest slot", () => {
    const store = createInMemoryLimitStore();
    store.hit("k", 1, minute, start + 10_000);
    expect(store.hit("k", 1, minute, start + 10_000)).toBe(2);
    expect(store.hit("k", -1, minute, start + 10_000)).toBe(1);
    expect(store.hit("k", 1, minute, start + 5000)).toBe(2);
    expect(store.peek("k", minute, start + 69_999)).toBe(2);
    expect(store.peek("k", minute, start + 70_000)).toBe(0);
  });

  test("other window lengths use 60 slots of their own size", () => {
    const store = createInMemoryLimitStore();
    store.hit("k", 4, 6000, start);
    store.hit("k", 1, 6000, start + 3000);
    expect(store.peek("k", 6000, start + 5999)).toBe(5);
    expect(store.peek("k", 6000, start + 6000)).toBe(1);
  });

  test("keys are independent and an unknown key reads as zero", () => {
    const store = createInMemoryLimitStore();
    store.hit("a", 3, minute, start);
    expect(store.peek("b", minute, start)).toBe(0);
    expect(store.peek("a", minute, start)).toBe(3);
  });

  test("freesAt: when the total drops below a threshold as the oldest amounts leave", () => {
    const store = createInMemoryLimitStore();
    store.hit("k", 2, minute, start);
    store.hit("k", 1, minute, start + 10_000);
    store.hit("k", 1, minute, start + 20_000);
    const now = start + 25_000;
    expect(store.freesAt("k", minute, 5, now)).toBe(now); // already below
    expect(store.freesAt("k", minute, 4, now)).toBe(start + 60_000);
    expect(store.freesAt("k", minute, 3, now)).toBe(start + 60_000);
    expect(store.freesAt("k", minute, 2, now)).toBe(start + 70_000);
    expect(store.freesAt("k", minute, 1, now)).toBe(start + 80_000);
    expect(store.freesAt("k", minute, 0, now)).toBe(now + minute); // a zero limit never frees
    expect(store.freesAt("unknown", minute, 1, now)).toBe(now);
  });
});

describe("bounded counters", () => {
  test("past maxKeys the least recently used counter is dropped", () => {
    const store = createInMemoryLimitStore({ maxKeys: 3 });
    store.hit("a", 1, minute, start);
    store.hit("b", 1, minute, start);
    store.hit("c", 1, minute, start);
    store.peek("a", minute, start + 1000); // a is used again; b is now the idlest
    store.hit("d", 1, minute, start + 2000);
    expect(store.trackedKeys).toBe(3);
    expect(store.peek("b", minute, start + 2000)).toBe(0);
    expect(store.peek("a", minute, start + 2000)).toBe(1);
    expect(store.peek("c", minute, start + 2000)).toBe(1);
    expect(store.peek("d", minute, start + 2000)).toBe(1);
    expect(store.trackedKeys).toBe(3);
  });

  test("memory stays constant: thousands of keys never exceed the cap", () => {
    const store = createInMemoryLimitStore({ maxKeys: 100 });
    for (let index = 0; index < 5000; index++) store.hit(`key-${index}`, 1, minute, start + index);
    expect(store.trackedKeys).toBe(100);
    expect(store.peek("key-4999", minute, start + 5000)).toBe(1);
    expect(store.peek("key-0", minute, start + 5000)).toBe(0);
  });

  test("peeking an unknown key does not create it", () => {
    const store = createInMemoryLimitStore();
    store.peek("ghost", minute, start);
    store.freesAt("ghost", minute, 1, start);
    expect(store.trackedKeys).toBe(0);
  });
});

describe("concurrency slots", () => {
  test("acquire up to max, release frees one, never below zero", () => {
    const store = createInMemoryLimitStore();
    expect(store.acquire("c", 2)).toBe(true);
    expect(store.acquire("c", 2)).toBe(true);
    expect(store.acquire("c", 2)).toBe(false);
    expect(store.inFlight("c")).toBe(2);
    store.release("c");
    expect(store.inFlight("c")).toBe(1);
    expect(store.acquire("c", 2)).toBe(true);
    store.release("c");
    store.release("c");
    store.release("c");
    expect(store.inFlight("c")).toBe(0);
    expect(store.acquire("c", 1)).toBe(true);
    expect(store.acquire("c", 1)).toBe(false);
  });

  test("a max of zero admits nothing", () => {
    const store = createInMemoryLimitStore();
    expect(store.acquire("c", 0)).toBe(false);
    expect(store.inFlight("c")).toBe(0);
  });
});
