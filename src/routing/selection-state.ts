// What strategies learn from traffic, per target (`connection/model`) and per combo, behind a small interface so
// a shared store (Redis) can replace the in-memory default when several gateways run together.
export type TargetStatistics = {
  /** Requests sent to this target (attempts). */
  requests: number;
  successes: number;
  failures: number;
  inFlight: number;
  /** Exponentially weighted moving average of time to first byte, ms; undefined before the first sample. */
  latencyEwmaMs?: number;
  lastSuccessAt?: number;
  lastFailureAt?: number;
  /** Learned from the provider's rate-limit headers. */
  quota?: { remaining: number; limit: number; resetAt: number };
};

export type SelectionState = {
  target(key: string): TargetStatistics;
  recordStart(key: string): void;
  recordSuccess(key: string, timeToFirstByteMs: number, now: number): void;
  recordFailure(key: string, now: number): void;
  recordQuota(key: string, quota: { remaining: number; limit: number; resetAt: number }): void;
  /** A per-combo cursor (round-robin) that wraps at `modulo`; returns the value before the increment. */
  nextCursor(comboName: string, modulo: number): number;
  /** A per-combo deck for strict-random: keys still to deal in this round. */
  deck(comboName: string): string[] | undefined;
  setDeck(comboName: string, keys: string[]): void;
  /** Last known good target per combo (persisted by the gateway through onChange). */
  lastKnownGood(comboName: string): string | undefined;
  setLastKnownGood(comboName: string, key: string): void;
  /** Sticky sessions: session key → target key, forgotten after `ttlMs`. */
  stickyTarget(comboName: string, sessionKey: string, now: number): string | undefined;
  setStickyTarget(comboName: string, sessionKey: string, key: string, now: number, ttlMs: number): void;
};
