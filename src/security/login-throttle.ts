// Slows password guessing: after a few failures from one address, logins from it are refused until a lockout
// passes. In memory, bounded, expiring when read.
export type LoginThrottle = {
  /** Milliseconds until this address may try again, or 0. */
  retryAfterMs(address: string, now?: number): number;
  recordFailure(address: string, now?: number): void;
  recordSuccess(address: string): void;
};

export function createLoginThrottle(maxFailures = 5, windowMs = 15 * 60_000, lockoutMs = 15 * 60_000): LoginThrottle {
  const entries = new Map<string, { failures: number; firstAt: number; lockedUntil: number }>();
  return {
    retryAfterMs(address, now = Date.now()) {
      const entry = entries.get(address);
      if (!entry) return 0;
      if (entry.lockedUntil > now) return entry.lockedUntil - now;
      if (now - entry.firstAt > windowMs) entries.delete(address);
      return 0;
    },
    recordFailure(address, now = Date.now()) {
      let entry = entries.get(address);
      if (!entry || now - entry.firstAt > windowMs) entry = { failures: 0, firstAt: now, lockedUntil: 0 };
      entry.failures++;
      if (entry.failures >= maxFailures) entry.lockedUntil = now + lockoutMs;
      entries.set(address, entry);
      if (entries.size > 10_000) entries.delete(entries.keys().next().value!);
    },
    recordSuccess(address) {
      entries.delete(address);
    },
  };
}
