// Model lockouts: one model on one connection, expiring lazily; the connection's other models are unaffected.
import { describe, expect, test } from "bun:test";
import { createLockouts, lockUntil, modelNotFoundLockMs, modelQuotaLockMs } from "../../src/resilience/lockout.ts";

const now = 7_000_000;

describe("lockout", () => {
  test("locks one model of one connection only", () => {
    const lockouts = createLockouts();
    lockouts.lock("gemini-main", "gemini-2.5-pro", now + 60_000, "model quota exhausted (HTTP 429)");
    expect(lockouts.lockedUntil("gemini-main", "gemini-2.5-pro", now)).toEqual({ until: now + 60_000, reason: "model quota exhausted (HTTP 429)" });
    expect(lockouts.lockedUntil("gemini-main", "gemini-2.5-flash", now)).toBeUndefined();
    expect(lockouts.lockedUntil("gemini-backup", "gemini-2.5-pro", now)).toBeUndefined();
  });

  test("expires lazily when read", () => {
    const lockouts = createLockouts();
    lockouts.lock("openai-main", "gpt-9", now + 1000, "model not found (HTTP 404)");
    expect(lockouts.lockedUntil("openai-main", "gpt-9", now + 999)).toBeDefined();
    expect(lockouts.lockedUntil("openai-main", "gpt-9", now + 1000)).toBeUndefined();
    expect(lockouts.all(now)).toEqual([]);
  });

  test("a shorter lock does not shorten a longer one; unlock ends it", () => {
    const lockouts = createLockouts();
    lockouts.lock("c", "m", now + 10_000, "long");
    lockouts.lock("c", "m", now + 1000, "short");
    expect(lockouts.lockedUntil("c", "m", now)).toEqual({ until: now + 10_000, reason: "long" });
    lockouts.lock("c", "m", now + 20_000, "longer");
    expect(lockouts.lockedUntil("c", "m", now)?.reason).toBe("longer");
    lockouts.unlock("c", "m");
    expect(lockouts.lockedUntil("c", "m", now)).toBeUndefined();
  });

  test("all() lists live locks and drops expired ones", () => {
    const lockouts = createLockouts();
    lockouts.lock("a", "m1", now + 100, "x");
    lockouts.lock("a", "m2", now + 5000, "y");
    lockouts.lock("b", "m1", now + 50, "z");
    expect(lockouts.all(now + 200)).toEqual([{ connectionName: "a", model: "m2", until: now + 5000, reason: "y" }]);
  });

  test("default durations: missing model 10 min, model quota the hint or 1 min", () => {
    expect(modelNotFoundLockMs).toBe(600_000);
    expect(modelQuotaLockMs).toBe(60_000);
    expect(lockUntil("model-not-found", now, now + 5)).toBe(now + 600_000);
    expect(lockUntil("quota-exhausted", now, now + 37_000)).toBe(now + 37_000);
    expect(lockUntil("quota-exhausted", now)).toBe(now + 60_000);
  });
});
