// Per connection limits toward the provider: a bounded FIFO queue for busy connections (full, timed out and
// aborted waiters are turned away with a reason so the attempt loop can move on), requests per minute with the
// time they free up, and the provider's own "no requests left until reset", honoured even with no local limit.
import { describe, expect, test } from "bun:test";
import {
  createConnectionLimiter,
  isRejection,
  type ConnectionAcquisition,
  type ConnectionLimits,
  type ConnectionRejection,
  type ConnectionSlot,
} from "../../src/limits/connection-limits.ts";
import { createInMemoryLimitStore } from "../../src/limits/in-memory-limit-store.ts";

const start = Date.UTC(2025, 0, 15, 12, 0, 0);

function setup() {
  const clock = { now: start };
  const limiter = createConnectionLimiter(createInMemoryLimitStore(), { now: () => clock.now });
  return { clock, limiter };
}

async function slot(acquisition: Promise<ConnectionAcquisition>): Promise<ConnectionSlot> {
  const result = await acquisition;
  if (isRejection(result)) throw new Error(`expected a slot, got: ${result.rejected}`);
  return result;
}

async function rejection(acquisition: Promise<ConnectionAcquisition>): Promise<ConnectionRejection> {
  const result = await acquisition;
  if (!isRejection(result)) throw new Error("expected a rejection, got a slot");
  return result;
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("concurrency and the queue", () => {
  test("with no limits every request gets a slot at once", async () => {
    const { limiter } = setup();
    for (let index = 0; index < 50; index++) (await slot(limiter.acquire("a", {}))).release();
    expect(limiter.snapshot(start)).toEqual([{ connectionName: "a", inFlight: 0, queued: 0, requestsInLastMinute: 0 }]);
  });

  test("waiters get slots in arrival order as slots are released", async () => {
    const { limiter } = setup();
    const limits: ConnectionLimits = { concurrentRequests: 2 };
    const granted: string[] = [];
    const first = await slot(limiter.acquire("a", limits));
    const second = await slot(limiter.acquire("a", limits));
    const waiting = ["w1", "w2", "w3"].map((name) =>
      slot(limiter.acquire("a", limits)).then((acquired) => {
        granted.push(name);
        return acquired;
      }),
    );
    await settle();
    expect(granted).toEqual([]);
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 2, queued: 3 });
    second.release();
    await settle();
    expect(granted).toEqual(["w1"]);
    first.release();
    first.release(); // a second release frees nothing more
    await settle();
    expect(granted).toEqual(["w1", "w2"]);
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 2, queued: 1 });
    (await waiting[0]!).release();
    await settle();
    expect(granted).toEqual(["w1", "w2", "w3"]);
    (await waiting[1]!).release();
    (await waiting[2]!).release();
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  test("a newcomer does not overtake a waiter when a slot frees", async () => {
    const { limiter } = setup();
    const limits = { concurrentRequests: 1 };
    const first = await slot(limiter.acquire("a", limits));
    const order: string[] = [];
    const waiter = slot(limiter.acquire("a", limits)).then((acquired) => {
      order.push("waiter");
      return acquired;
    });
    first.release();
    const newcomer = slot(limiter.acquire("a", limits)).then((acquired) => {
      order.push("newcomer");
      return acquired;
    });
    await settle();
    expect(order).toEqual(["waiter"]);
    await waiter;
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 1, queued: 1 });
    (await waiter).release();
    (await newcomer).release();
  });

  test("a full queue turns the request away at once with a reason", async () => {
    const { limiter } = setup();
    const limits = { concurrentRequests: 1, queueSize: 2 };
    await slot(limiter.acquire("a", limits));
    void limiter.acquire("a", limits);
    void limiter.acquire("a", limits);
    const refused = await rejection(limiter.acquire("a", limits));
    expect(refused.rejected).toContain("queue of 2 is full");
    expect(refused.retryAtMs).toBeUndefined();
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 1, queued: 2 });
  });

  test("a queue size of zero never waits", async () => {
    const { limiter } = setup();
    await slot(limiter.acquire("a", { concurrentRequests: 1, queueSize: 0 }));
    expect((await rejection(limiter.acquire("a", { concurrentRequests: 1, queueSize: 0 }))).rejected).toContain("full");
  });

  test("a waiter that gets no slot within the queue timeout is turned away and leaves the queue", async () => {
    const { limiter } = setup();
    const limits = { concurrentRequests: 1, queueTimeoutMs: 60 };
    const held = await slot(limiter.acquire("a", limits));
    const startedAt = performance.now();
    const refused = await rejection(limiter.acquire("a", limits));
    const waited = performance.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(50);
    expect(waited).toBeLessThan(250);
    expect(refused.rejected).toContain("within 60 ms");
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 1, queued: 0 });
    held.release();
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  test("an abort removes the waiter; the freed slot goes to the next one", async () => {
    const { limiter } = setup();
    const limits = { concurrentRequests: 1 };
    const held = await slot(limiter.acquire("a", limits));
    const controller = new AbortController();
    const aborted = limiter.acquire("a", limits, controller.signal);
    const next = limiter.acquire("a", limits);
    expect(limiter.snapshot(start)[0]).toMatchObject({ queued: 2 });
    controller.abort();
    const refused = await rejection(aborted);
    expect(refused.rejected).toContain("client closed the request");
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 1, queued: 1 });
    held.release();
    (await slot(next)).release();
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  test("an already aborted request is turned away without taking a slot", async () => {
    const { limiter } = setup();
    const controller = new AbortController();
    controller.abort();
    await rejection(limiter.acquire("a", { concurrentRequests: 1 }, controller.signal));
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  test("raising the limit hands the new slots to those already waiting", async () => {
    const { limiter } = setup();
    await slot(limiter.acquire("a", { concurrentRequests: 1 }));
    const waiting = limiter.acquire("a", { concurrentRequests: 1 });
    await slot(limiter.acquire("a", { concurrentRequests: 3 }));
    await slot(waiting);
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 3, queued: 0 });
  });

  test("connections are independent", async () => {
    const { limiter } = setup();
    await slot(limiter.acquire("a", { concurrentRequests: 1, queueSize: 0 }));
    await slot(limiter.acquire("b", { concurrentRequests: 1, queueSize: 0 }));
  });
});

describe("requests per minute", () => {
  test("over the limit: turned away with the time the window frees", async () => {
    const { clock, limiter } = setup();
    const limits = { requestsPerMinute: 2 };
    (await slot(limiter.acquire("a", limits))).release();
    clock.now = start + 10_000;
    (await slot(limiter.acquire("a", limits))).release();
    clock.now = start + 30_000;
    const refused = await rejection(limiter.acquire("a", limits));
    expect(refused.rejected).toContain("2 requests per minute");
    expect(refused.retryAtMs).toBe(start + 60_000);
    expect(limiter.snapshot(clock.now)[0]).toMatchObject({ requestsInLastMinute: 2 });
    clock.now = start + 60_000;
    await slot(limiter.acquire("a", limits));
  });

  test("exactly N of 3N concurrent acquires get a slot", async () => {
    const { limiter } = setup();
    const results = await Promise.all(Array.from({ length: 30 }, () => limiter.acquire("a", { requestsPerMinute: 10 })));
    expect(results.filter((result) => !isRejection(result))).toHaveLength(10);
  });

  test("queued requests are counted when they get their slot, and turned away then if the minute is used up", async () => {
    const { limiter } = setup();
    const limits = { requestsPerMinute: 2, concurrentRequests: 1 };
    const first = await slot(limiter.acquire("a", limits));
    const second = limiter.acquire("a", limits);
    const third = limiter.acquire("a", limits);
    first.release();
    const secondSlot = await slot(second);
    secondSlot.release();
    const refused = await rejection(third);
    expect(refused.retryAtMs).toBe(start + 60_000);
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 0, queued: 0, requestsInLastMinute: 2 });
  });
});

describe("learned provider quota", () => {
  test("remaining 0 before the reset turns requests away until the reset, with no local limit configured", async () => {
    const { clock, limiter } = setup();
    limiter.learn("a", { remaining: 0, limit: 500, resetAt: start + 5000 });
    const refused = await rejection(limiter.acquire("a", {}));
    expect(refused.rejected).toContain("provider reported no requests left");
    expect(refused.retryAtMs).toBe(start + 5000);
    expect(limiter.snapshot(start)[0]!.learned).toEqual({ remaining: 0, limit: 500, resetAt: start + 5000 });
    clock.now = start + 4999;
    await rejection(limiter.acquire("a", {}));
    clock.now = start + 5000;
    (await slot(limiter.acquire("a", {}))).release();
    expect(limiter.snapshot(clock.now)[0]!.learned).toBeUndefined();
  });

  test("remaining above zero admits; a later answer with remaining 0 takes effect; other connections are unaffected", async () => {
    const { limiter } = setup();
    limiter.learn("a", { remaining: 3, limit: 500, resetAt: start + 5000 });
    (await slot(limiter.acquire("a", {}))).release();
    limiter.learn("a", { remaining: 0, limit: 500, resetAt: start + 2000 });
    await rejection(limiter.acquire("a", {}));
    (await slot(limiter.acquire("b", {}))).release();
  });

  test("waiters are turned away when their slot comes if the provider has since said none are left", async () => {
    const { limiter } = setup();
    const held = await slot(limiter.acquire("a", { concurrentRequests: 1 }));
    const waiting = limiter.acquire("a", { concurrentRequests: 1 });
    limiter.learn("a", { remaining: 0, limit: 10, resetAt: start + 1000 });
    held.release();
    expect((await rejection(waiting)).retryAtMs).toBe(start + 1000);
    expect(limiter.snapshot(start)[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  test("a quota with non-numbers is ignored", async () => {
    const { limiter } = setup();
    limiter.learn("a", { remaining: 0, limit: Number.NaN, resetAt: start + 1000 });
    await slot(limiter.acquire("a", {}));
  });
});
