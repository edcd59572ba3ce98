// Connection cooldowns: provider hints are honoured, otherwise exponential backoff with jitter within [50 %, 100 %)
// of the step, capped; success resets; expiry is lazy. Disabled connections come back when their credentials change.
import { describe, expect, test } from "bun:test";
import { createCooldowns } from "../../src/resilience/cooldown.ts";

const now = 5_000_000;
const fixed = (value: number) => () => value;

describe("cooldown", () => {
  test("honours the provider's retry hint exactly", () => {
    const cooldowns = createCooldowns({ random: fixed(0) });
    expect(cooldowns.coolDown("openai-main", now, now + 37_000)).toBe(now + 37_000);
    expect(cooldowns.until("openai-main", now + 36_999)).toBe(now + 37_000);
    expect(cooldowns.until("openai-main", now + 37_000)).toBeUndefined();
  });

  test("a hint in the past means no wait; an absurd hint is capped at maxHintMs", () => {
    const cooldowns = createCooldowns({ random: fixed(0), maxHintMs: 60_000 });
    expect(cooldowns.coolDown("a", now, now - 5)).toBe(now);
    expect(cooldowns.until("a", now)).toBeUndefined();
    expect(cooldowns.coolDown("b", now, now + 86_400_000)).toBe(now + 60_000);
  });

  test("without a hint: base·2^(n-1) with jitter between 50 % and 100 %", () => {
    const low = createCooldowns({ baseMs: 1000, maxMs: 300_000, random: fixed(0) });
    const high = createCooldowns({ baseMs: 1000, maxMs: 300_000, random: fixed(0.999999) });
    const lows: number[] = [];
    const highs: number[] = [];
    let time = now;
    for (let failure = 1; failure <= 4; failure++) {
      lows.push(low.coolDown("c", time) - time);
      highs.push(high.coolDown("c", time) - time);
      time += 1000; // still within the streak
    }
    expect(lows).toEqual([500, 1000, 2000, 4000]);
    highs.forEach((delay, index) => {
      expect(delay).toBeLessThan(1000 * 2 ** index);
      expect(delay).toBeGreaterThan(0.99 * 1000 * 2 ** index);
    });
  });

  test("jitter stays within bounds for any random value, and the cap holds", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const cooldowns = createCooldowns({ baseMs: 1000, maxMs: 300_000, random });
    for (let failure = 1; failure <= 20; failure++) {
      const step = Math.min(300_000, 1000 * 2 ** (failure - 1));
      const delay = cooldowns.coolDown("d", now) - now;
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
      cooldowns.recordSuccess("e"); // another connection's success changes nothing here
    }
  });

  test("concurrent failures never shorten a cooldown already in force", () => {
    const cooldowns = createCooldowns({ random: fixed(0) });
    cooldowns.coolDown("f", now, now + 30_000);
    expect(cooldowns.coolDown("f", now + 1, now + 2000)).toBe(now + 30_000);
  });

  test("success resets the streak and ends the cooldown", () => {
    const cooldowns = createCooldowns({ baseMs: 1000, random: fixed(0) });
    cooldowns.coolDown("g", now);
    cooldowns.coolDown("g", now);
    expect(cooldowns.coolDown("g", now) - now).toBe(2000);
    cooldowns.recordSuccess("g");
    expect(cooldowns.until("g", now)).toBeUndefined();
    expect(cooldowns.coolDown("g", now) - now).toBe(500);
  });

  test("a streak that ended long ago starts over", () => {
    const cooldowns = createCooldowns({ baseMs: 1000, maxMs: 10_000, random: fixed(0) });
    for (let index = 0; index < 4; index++) cooldowns.coolDown("h", now);
    const quietLater = now + 10_000 + 10_001;
    expect(cooldowns.coolDown("h", quietLater) - quietLater).toBe(500);
  });

  test("disabled until the credentials change", () => {
    const cooldowns = createCooldowns({ random: fixed(0) });
    cooldowns.disable("anthropic-main", "authentication failed (HTTP 401)", "sha256:old");
    expect(cooldowns.isDisabled("anthropic-main", "sha256:old")).toEqual({ reason: "authentication failed (HTTP 401)" });
    expect(cooldowns.isDisabled("anthropic-other", "sha256:old")).toBeUndefined();
    expect(cooldowns.all(now)).toEqual([{ connectionName: "anthropic-main", consecutiveFailures: 0, disabled: { reason: "authentication failed (HTTP 401)" } }]);
    expect(cooldowns.isDisabled("anthropic-main", "sha256:new")).toBeUndefined();
    // Re-enabled for good, even if asked with the old fingerprint again.
    expect(cooldowns.isDisabled("anthropic-main", "sha256:old")).toBeUndefined();
    expect(cooldowns.all(now)).toEqual([]);
  });

  test("all() shows active cooldowns only, without credential fingerprints", () => {
    const cooldowns = createCooldowns({ random: fixed(0) });
    cooldowns.coolDown("i", now, now + 1000);
    cooldowns.coolDown("j", now, now + 5000);
    cooldowns.disable("k", "permission denied (HTTP 403)", "secret-hash");
    const snapshot = cooldowns.all(now + 2000);
    expect(snapshot).toEqual([
      { connectionName: "j", until: now + 5000, consecutiveFailures: 1 },
      { connectionName: "k", consecutiveFailures: 0, disabled: { reason: "permission denied (HTTP 403)" } },
    ]);
    expect(JSON.stringify(snapshot)).not.toContain("secret-hash");
  });
});
