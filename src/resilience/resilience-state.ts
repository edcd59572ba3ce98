// The one object the attempt loop, the admin API and `providers list` talk to: it asks the three layers (provider
// circuit breakers, connection cooldowns and disables, per-model lockouts) whether a target may be tried, and routes
// each attempt's outcome to the layer its failure class names. All state is in memory and recovers lazily on read.
import { createCircuitBreakers, type CircuitBreakerOptions, type CircuitBreakers, type CircuitSnapshot } from "./circuit-breaker.ts";
import type { FailureClass } from "./classify-failure.ts";
import { createCooldowns, type CooldownOptions, type Cooldowns, type CooldownSnapshot } from "./cooldown.ts";
import { createLockouts, lockUntil, type Lockouts, type LockoutSnapshot } from "./lockout.ts";

export type ResilienceCandidate = {
  connectionName: string;
  providerId: string;
  model: string;
  /** A hash of the connection's current credentials (API key, OAuth refresh token); never the secret itself. */
  credentialFingerprint: string;
};

export type AttemptOutcome = { ok: true } | { ok: false; failure: FailureClass; retryAtMs?: number };

export type BlockedReason = {
  layer: "disabled" | "cooldown" | "lockout" | "circuit-breaker";
  reason: string;
  until?: number;
};

export type ResilienceStateOptions = {
  breaker?: Partial<CircuitBreakerOptions>;
  cooldown?: Partial<Omit<CooldownOptions, "random">>;
  /** Uniform in [0, 1) for backoff jitter. Default Math.random. */
  random?: () => number;
};

export type ResilienceSnapshot = {
  breakers: Array<{ providerId: string } & CircuitSnapshot>;
  cooldowns: CooldownSnapshot[];
  lockouts: LockoutSnapshot[];
};

export type ResilienceState = {
  breakers: CircuitBreakers;
  cooldowns: Cooldowns;
  lockouts: Lockouts;
  /** Why this target may not be tried now, checking disabled, cooldown, lockout, breaker in that order. No side effects. */
  blockedReason(candidate: ResilienceCandidate, now: number): BlockedReason | undefined;
  /**
   * Call right before sending: false when the provider's breaker refuses (open, or half-open with its probe out).
   * In half-open, the caller that gets true is the probe and must report through `record`.
   */
  tryBegin(candidate: ResilienceCandidate, now: number): boolean;
  record(candidate: ResilienceCandidate, outcome: AttemptOutcome, now: number): void;
  snapshot(now: number): ResilienceSnapshot;
};

function statusText(failure: FailureClass): string {
  return failure.status === undefined ? "" : ` (HTTP ${failure.status})`;
}

export function createResilienceState(options: ResilienceStateOptions = {}): ResilienceState {
  const breakers = createCircuitBreakers(options.breaker);
  const cooldowns = createCooldowns({ ...options.cooldown, random: options.random ?? Math.random });
  const lockouts = createLockouts();

  const blockedReason = (candidate: ResilienceCandidate, now: number): BlockedReason | undefined => {
    const disabled = cooldowns.isDisabled(candidate.connectionName, candidate.credentialFingerprint);
    if (disabled) return { layer: "disabled", reason: `connection ${candidate.connectionName} is disabled: ${disabled.reason}` };
    const coolingUntil = cooldowns.until(candidate.connectionName, now);
    if (coolingUntil !== undefined) {
      return { layer: "cooldown", reason: `connection ${candidate.connectionName} is cooling down after rate limiting`, until: coolingUntil };
    }
    const lock = lockouts.lockedUntil(candidate.connectionName, candidate.model, now);
    if (lock) return { layer: "lockout", reason: `model ${candidate.model} on ${candidate.connectionName} is locked: ${lock.reason}`, until: lock.until };
    const breaker = breakers.snapshot(candidate.providerId, now);
    if (breaker.state === "open") {
      return { layer: "circuit-breaker", reason: `provider ${candidate.providerId} circuit is open after ${breaker.failures} failures`, until: breaker.openUntil };
    }
    if (breaker.state === "half-open" && breaker.probeInFlight) {
      return { layer: "circuit-breaker", reason: `provider ${candidate.providerId} circuit is half-open and its probe is in flight` };
    }
    return undefined;
  };

  const record = (candidate: ResilienceCandidate, outcome: AttemptOutcome, now: number): void => {
    const { connectionName, providerId, model } = candidate;
    if (outcome.ok) {
      breakers.recordSuccess(providerId, now);
      cooldowns.recordSuccess(connectionName);
      lockouts.unlock(connectionName, model);
      return;
    }
    const { failure, retryAtMs } = outcome;
    switch (failure.scope) {
      case "provider":
        breakers.recordFailure(providerId, now);
        return;
      case "connection":
        cooldowns.coolDown(connectionName, now, retryAtMs);
        break;
      case "model":
        lockouts.lock(
          connectionName,
          model,
          lockUntil(failure.kind, now, retryAtMs),
          failure.kind === "model-not-found" ? `model not found${statusText(failure)}` : `model quota exhausted${statusText(failure)}`,
        );
        break;
      case "disable-connection":
        cooldowns.disable(
          connectionName,
          `${failure.kind === "authentication" ? "authentication failed" : "permission denied"}${statusText(failure)}; re-enabled when its credentials change`,
          candidate.credentialFingerprint,
        );
        break;
      case "none":
        break;
    }
    // Any HTTP answer that is not a provider-scope failure proves the provider is reachable: it closes the breaker
    // (and settles a half-open probe). Without an answer (client went away, unknown error) the probe slot is freed.
    if (failure.status !== undefined) breakers.recordSuccess(providerId, now);
    else breakers.releaseProbe(providerId);
  };

  return {
    breakers,
    cooldowns,
    lockouts,
    blockedReason,
    tryBegin: (candidate, now) => breakers.tryAcquire(candidate.providerId, now),
    record,
    snapshot: (now) => ({ breakers: breakers.all(now), cooldowns: cooldowns.all(now), lockouts: lockouts.all(now) }),
  };
}
