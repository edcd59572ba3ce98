// Stops sending traffic to a provider that is down (5xx, timeouts, unreachable) so requests fail over at once
// instead of each waiting for the same failure. One breaker per provider: closed → open after `failureThreshold`
// failures within `windowMs` (a success in between starts the count over); after the cool-off it is half-open and
// admits exactly one probe; the probe's success closes it, its failure reopens it with the cool-off doubled (capped).
// State changes happen when the breaker is read or told an outcome, never on a timer: the caller passes `now`.
import { withDefaults } from "./with-defaults.ts";

export type CircuitState = "closed" | "open" | "half-open";

export type CircuitBreakerOptions = {
  /** Failures within the window that open the breaker. Default 5. */
  failureThreshold: number;
  /** Failures older than this are forgotten. Default 60 000 ms. */
  windowMs: number;
  /** How long the breaker stays open the first time. Default 30 000 ms. */
  coolOffMs: number;
  /** Ceiling for the doubled cool-off after failed probes. Default 600 000 ms (10 min). */
  maxCoolOffMs: number;
  /** A probe that never reports (its caller vanished) frees the half-open slot after this long. Default 600 000 ms. */
  probeTimeoutMs: number;
};

export const defaultCircuitBreakerOptions: CircuitBreakerOptions = {
  failureThreshold: 5,
  windowMs: 60_000,
  coolOffMs: 30_000,
  maxCoolOffMs: 600_000,
  probeTimeoutMs: 600_000,
};

export type CircuitSnapshot = {
  state: CircuitState;
  /** Failures counted in the current window (closed), or that opened the breaker (open, half-open). */
  failures: number;
  /** When an open breaker turns half-open. */
  openUntil?: number;
  /** Half-open and its single probe is out. */
  probeInFlight?: boolean;
};

export type CircuitBreakers = {
  snapshot(providerId: string, now: number): CircuitSnapshot;
  /** May a request go to this provider now? In half-open, true exactly once until that probe reports. */
  tryAcquire(providerId: string, now: number): boolean;
  recordSuccess(providerId: string, now: number): void;
  recordFailure(providerId: string, now: number): void;
  /** The probe ended without a verdict (e.g. the client went away, or the upstream answered 4xx); free the slot. */
  releaseProbe(providerId: string): void;
  all(now: number): Array<{ providerId: string } & CircuitSnapshot>;
};

type Breaker = {
  /** Failure timestamps within the window, oldest first (closed state). */
  failureTimes: number[];
  /** Set while open or half-open. */
  openUntil?: number;
  openingFailures: number;
  currentCoolOffMs: number;
  probeStartedAt?: number;
};

export function createCircuitBreakers(options: Partial<CircuitBreakerOptions> = {}): CircuitBreakers {
  const settings = withDefaults(defaultCircuitBreakerOptions, options);
  const breakers = new Map<string, Breaker>();

  const breakerFor = (providerId: string): Breaker => {
    let breaker = breakers.get(providerId);
    if (!breaker) {
      breaker = { failureTimes: [], openingFailures: 0, currentCoolOffMs: settings.coolOffMs };
      breakers.set(providerId, breaker);
    }
    return breaker;
  };

  const stateOf = (breaker: Breaker, now: number): CircuitState => {
    if (breaker.openUntil === undefined) return "closed";
    return now < breaker.openUntil ? "open" : "half-open";
  };

  const probeOut = (breaker: Breaker, now: number): boolean =>
    breaker.probeStartedAt !== undefined && now - breaker.probeStartedAt < settings.probeTimeoutMs;

  const forgetOldFailures = (breaker: Breaker, now: number) => {
    while (breaker.failureTimes.length > 0 && now - breaker.failureTimes[0]! >= settings.windowMs) breaker.failureTimes.shift();
  };

  const open = (breaker: Breaker, now: number, coolOffMs: number) => {
    breaker.currentCoolOffMs = coolOffMs;
    breaker.openUntil = now + coolOffMs;
    breaker.probeStartedAt = undefined;
  };

  const snapshotOf = (breaker: Breaker, now: number): CircuitSnapshot => {
    const state = stateOf(breaker, now);
    if (state === "closed") {
      forgetOldFailures(breaker, now);
      return { state, failures: breaker.failureTimes.length };
    }
    if (state === "open") return { state, failures: breaker.openingFailures, openUntil: breaker.openUntil };
    return { state, failures: breaker.openingFailures, probeInFlight: probeOut(breaker, now) };
  };

  return {
    snapshot(providerId, now) {
      const breaker = breakers.get(providerId);
      return breaker ? snapshotOf(breaker, now) : { state: "closed", failures: 0 };
    },

    tryAcquire(providerId, now) {
      const breaker = breakers.get(providerId);
      if (!breaker) return true;
      const state = stateOf(breaker, now);
      if (state === "closed") return true;
      if (state === "open" || probeOut(breaker, now)) return false;
      breaker.probeStartedAt = now;
      return true;
    },

    recordSuccess(providerId) {
      // Closes from any state and forgets everything, including a doubled cool-off.
      breakers.delete(providerId);
    },

    recordFailure(providerId, now) {
      const breaker = breakerFor(providerId);
      const state = stateOf(breaker, now);
      if (state === "open") return; // a request that started before the breaker opened; already counted as down
      if (state === "half-open") {
        if (breaker.probeStartedAt === undefined) return; // not the probe: a straggler from before the breaker opened
        breaker.openingFailures += 1;
        open(breaker, now, Math.min(breaker.currentCoolOffMs * 2, settings.maxCoolOffMs));
        return;
      }
      forgetOldFailures(breaker, now);
      breaker.failureTimes.push(now);
      if (breaker.failureTimes.length >= settings.failureThreshold) {
        breaker.openingFailures = breaker.failureTimes.length;
        breaker.failureTimes = [];
        open(breaker, now, Math.min(settings.coolOffMs, settings.maxCoolOffMs));
      }
    },

    releaseProbe(providerId) {
      const breaker = breakers.get(providerId);
      if (breaker) breaker.probeStartedAt = undefined;
    },

    all(now) {
      const entries: Array<{ providerId: string } & CircuitSnapshot> = [];
      for (const [providerId, breaker] of breakers) {
        const snapshot = snapshotOf(breaker, now);
        if (snapshot.state === "closed" && snapshot.failures === 0) {
          breakers.delete(providerId);
          continue;
        }
        entries.push({ providerId, ...snapshot });
      }
      return entries;
    },
  };
}
