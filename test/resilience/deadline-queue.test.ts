// The shared deadline queue: a call expires once after its limit unless it ended first, calls with different
// limits do not wait for each other, and ended calls do not pile up.
import { describe, expect, test } from "bun:test";
import { endDeadline, startDeadline } from "../../src/resilience/deadline-queue.ts";

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function owner() {
  const state = { expired: 0, expire: () => void state.expired++ };
  return state;
}

describe("deadline queue", () => {
  test("expires a call once after its limit; an ended call never expires", async () => {
    const late = owner();
    const ended = owner();
    startDeadline(30, late);
    const deadline = startDeadline(30, ended);
    endDeadline(30, deadline);
    endDeadline(30, deadline);
    await sleep(10);
    expect(late.expired).toBe(0);
    await sleep(50);
    expect(late.expired).toBe(1);
    expect(ended.expired).toBe(0);
    await sleep(40);
    expect(late.expired).toBe(1);
  });

  test("a short limit fires on time behind a long one, and later calls of a lane wait for their own deadline", async () => {
    const long = owner();
    const short = owner();
    const second = owner();
    startDeadline(5_000, long);
    startDeadline(20, short);
    await sleep(10);
    const deadline = startDeadline(20, second);
    await sleep(20);
    expect(short.expired).toBe(1);
    expect(second.expired).toBe(0);
    await sleep(20);
    expect(second.expired).toBe(1);
    expect(long.expired).toBe(0);
    endDeadline(20, deadline);
  });

  test("thousands of calls that end in time leave nothing to expire", async () => {
    const owners = Array.from({ length: 5_000 }, owner);
    for (const each of owners) endDeadline(25, startDeadline(25, each));
    const open = owner();
    startDeadline(25, open);
    await sleep(60);
    expect(owners.every((each) => each.expired === 0)).toBe(true);
    expect(open.expired).toBe(1);
  });
});
