// Timeout settings resolve defaults < global < combo, and the idle watchdog fires only after a real gap.
import { describe, expect, test } from "bun:test";
import { createIdleWatchdog, defaultTimeouts, resolveTimeouts } from "../../src/resilience/timeouts.ts";

describe("resolveTimeouts", () => {
  test("defaults", () => {
    expect(resolveTimeouts({})).toEqual({ connectMs: 10_000, firstByteMs: 120_000, idleMs: 60_000, totalMs: 600_000 });
    expect(defaultTimeouts.totalMs).toBe(600_000);
  });

  test("combo overrides global overrides defaults; invalid values are ignored", () => {
    const resolved = resolveTimeouts({ connectMs: 5000, firstByteMs: 30_000, idleMs: Number.NaN }, { firstByteMs: 90_000, idleMs: -1, totalMs: undefined });
    expect(resolved).toEqual({ connectMs: 5000, firstByteMs: 90_000, idleMs: 60_000, totalMs: 600_000 });
  });

  test("nothing exceeds the total", () => {
    expect(resolveTimeouts({ totalMs: 30_000 })).toEqual({ connectMs: 10_000, firstByteMs: 30_000, idleMs: 30_000, totalMs: 30_000 });
  });
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe("createIdleWatchdog", () => {
  test("fires once after the idle gap", async () => {
    let fired = 0;
    createIdleWatchdog(15, () => fired++);
    await sleep(45);
    expect(fired).toBe(1);
    await sleep(20);
    expect(fired).toBe(1);
  });

  test("touch postpones it; stop cancels it for good", async () => {
    let fired = 0;
    const watchdog = createIdleWatchdog(50, () => fired++);
    for (let index = 0; index < 6; index++) {
      await sleep(10);
      watchdog.touch();
    }
    expect(fired).toBe(0); // 60 ms have passed, but never 50 ms without a chunk
    watchdog.stop();
    watchdog.touch(); // after stop, touch does not re-arm
    await sleep(70);
    expect(fired).toBe(0);
  });
});
