// Locks one model on one connection (a 404 for that model, or a quota that is per model) while the connection's
// other models keep serving. Expiry is lazy: a lock reads as gone once `now` passes it, and is dropped then.
import type { FailureKind } from "./classify-failure.ts";

export const modelNotFoundLockMs = 600_000;
export const modelQuotaLockMs = 60_000;

export type LockoutSnapshot = { connectionName: string; model: string; until: number; reason: string };

export type Lockouts = {
  /** Locks until `until`; an existing later lock is kept (the reason follows the lock that lasts longest). */
  lock(connectionName: string, model: string, until: number, reason: string): void;
  lockedUntil(connectionName: string, model: string, now: number): { until: number; reason: string } | undefined;
  unlock(connectionName: string, model: string): void;
  all(now: number): LockoutSnapshot[];
};

/**
 * How long to lock for: a missing model for 10 minutes (it rarely comes back sooner), a per-model quota until the
 * provider's retry hint, or for 1 minute without one.
 */
export function lockUntil(kind: FailureKind, now: number, retryAtMs?: number): number {
  if (kind === "model-not-found") return now + modelNotFoundLockMs;
  if (retryAtMs !== undefined && Number.isFinite(retryAtMs)) return Math.max(retryAtMs, now);
  return now + modelQuotaLockMs;
}

export function createLockouts(): Lockouts {
  const byConnection = new Map<string, Map<string, { until: number; reason: string }>>();

  const remove = (connectionName: string, model: string) => {
    const models = byConnection.get(connectionName);
    if (!models) return;
    models.delete(model);
    if (models.size === 0) byConnection.delete(connectionName);
  };

  return {
    lock(connectionName, model, until, reason) {
      let models = byConnection.get(connectionName);
      if (!models) {
        models = new Map();
        byConnection.set(connectionName, models);
      }
      const existing = models.get(model);
      if (!existing || until > existing.until) models.set(model, { until, reason });
    },

    lockedUntil(connectionName, model, now) {
      const lock = byConnection.get(connectionName)?.get(model);
      if (!lock) return undefined;
      if (lock.until <= now) {
        remove(connectionName, model);
        return undefined;
      }
      return { until: lock.until, reason: lock.reason };
    },

    unlock: remove,

    all(now) {
      const snapshots: LockoutSnapshot[] = [];
      for (const [connectionName, models] of byConnection) {
        for (const [model, lock] of models) {
          if (lock.until <= now) remove(connectionName, model);
          else snapshots.push({ connectionName, model, until: lock.until, reason: lock.reason });
        }
      }
      return snapshots;
    },
  };
}
