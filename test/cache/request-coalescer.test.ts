import { describe, expect, test } from "bun:test";
import { createRequestCoalescer } from "../../src/cache/request-coalescer.ts";

describe("createRequestCoalescer", () => {
  test("10 concurrent callers: the leader runs once and everyone gets its result", async () => {
    const coalescer = createRequestCoalescer<string>();
    let calls = 0;
    const { promise, resolve } = Promise.withResolvers<string>();
    const runs = Array.from({ length: 10 }, () =>
      coalescer.run("k", () => {
        calls++;
        return promise;
      }),
    );
    expect(calls).toBe(1);
    expect(runs.map((run) => run.leader)).toEqual([true, ...Array<boolean>(9).fill(false)]);
    expect(coalescer.inFlight).toBe(1);
    resolve("answer");
    expect(await Promise.all(runs.map((run) => run.result))).toEqual(Array<string>(10).fill("answer"));
    expect(coalescer.inFlight).toBe(0);
  });

  test("different keys do not coalesce", async () => {
    const coalescer = createRequestCoalescer<string>();
    const a = coalescer.run("a", async () => "A");
    const b = coalescer.run("b", async () => "B");
    expect([a.leader, b.leader]).toEqual([true, true]);
    expect([await a.result, await b.result]).toEqual(["A", "B"]);
  });

  test("a failure is shared with every follower, then the key is free", async () => {
    const coalescer = createRequestCoalescer<string>();
    const { promise, reject } = Promise.withResolvers<string>();
    const runs = Array.from({ length: 5 }, () => coalescer.run("k", () => promise));
    const failure = new Error("upstream down");
    reject(failure);
    for (const run of runs) await expect(run.result).rejects.toBe(failure);
    expect(coalescer.inFlight).toBe(0);
    let calls = 0;
    const retry = coalescer.run("k", async () => {
      calls++;
      return "second try";
    });
    expect(retry.leader).toBe(true);
    expect(await retry.result).toBe("second try");
    expect(calls).toBe(1);
  });

  test("after success the next caller leads a new call", async () => {
    const coalescer = createRequestCoalescer<number>();
    let calls = 0;
    const leader = async () => ++calls;
    expect(await coalescer.run("k", leader).result).toBe(1);
    const again = coalescer.run("k", leader);
    expect(again.leader).toBe(true);
    expect(await again.result).toBe(2);
  });

  test("a leader that throws synchronously becomes a shared rejection", async () => {
    const coalescer = createRequestCoalescer<string>();
    const run = coalescer.run("k", () => {
      throw new Error("bad request");
    });
    expect(run.leader).toBe(true);
    await expect(run.result).rejects.toThrow("bad request");
    expect(coalescer.inFlight).toBe(0);
  });
});
