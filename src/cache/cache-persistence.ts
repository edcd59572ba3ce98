// Optional SQLite persistence for the response cache, so answers survive a restart. Reads happen only on a
// memory miss; writes never run on the caller's path: they are queued (last write per key wins) and flushed in
// one transaction at most every flush interval. Expired rows are swept at start and periodically during flushes.
// Best effort, as a cache may be: a database error is reported and costs a miss or a lost write, never a request.
// Works against the table in cache-table-sql.ts.
import type { Database } from "bun:sqlite";

/** A stored answer as the cache keeps it: JSON text of an IrResponse and its expiry (Unix ms). */
export type PersistedAnswer = { json: string; expiresAt: number };

export type CachePersistence = {
  /** The stored answer for key, unless absent or expired at `now`. Sees queued writes not yet flushed. */
  load(key: string, now: number): PersistedAnswer | undefined;
  /** Queues a write; returns at once. */
  save(key: string, json: string, expiresAt: number): void;
  /** Queues a delete; returns at once. */
  remove(key: string): void;
  /** Drops every stored answer now (an operator action, not the request path). */
  clear(): void;
  /** Deletes rows expired at `now`; returns how many. */
  deleteExpired(now: number): number;
  /** Writes everything queued now. */
  flush(): void;
  /** Flushes and stops the timer (shutdown). */
  stop(): void;
};

export type SqlitePersistenceOptions = {
  /** Shortest time between two flushes. Default 500 ms. */
  flushIntervalMs?: number;
  /** Shortest time between two expiry sweeps. Default 60 s. */
  sweepIntervalMs?: number;
  now?: () => number;
  /** Told when the database fails; a failed read is a miss and a failed flush drops its batch. */
  onError?(error: Error): void;
};

/** A queued change: an answer to write, or null for a delete. */
type PendingChange = PersistedAnswer | null;

export function createSqlitePersistence(sqlite: Database, options: SqlitePersistenceOptions = {}): CachePersistence {
  const flushIntervalMs = options.flushIntervalMs ?? 500;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  let pending = new Map<string, PendingChange>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let lastSweep = 0;

  const selectAnswer = sqlite.prepare<{ response: string; expires_at: number }, [string, number]>(
    "SELECT response, expires_at FROM response_cache WHERE key = ? AND expires_at > ?",
  );
  const upsertAnswer = sqlite.prepare<unknown, [string, string, number, number]>(
    `INSERT INTO response_cache (key, response, created_at, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at`,
  );
  const deleteAnswer = sqlite.prepare<unknown, [string]>("DELETE FROM response_cache WHERE key = ?");
  const deleteExpiredAnswers = sqlite.prepare<unknown, [number]>("DELETE FROM response_cache WHERE expires_at <= ?");

  const deleteExpired = (at: number): number => {
    lastSweep = at;
    return deleteExpiredAnswers.run(at).changes;
  };

  const writeBatch = sqlite.transaction((batch: Map<string, PendingChange>, at: number) => {
    for (const [key, change] of batch) {
      if (change) upsertAnswer.run(key, change.json, at, change.expiresAt);
      else deleteAnswer.run(key);
    }
    if (at - lastSweep >= sweepIntervalMs) deleteExpired(at);
  });

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      writeBatch.immediate(batch, now());
    } catch (error) {
      // A cache may forget: the batch is dropped rather than retried forever against a broken database.
      options.onError?.(error as Error);
    }
  };

  const schedule = () => {
    if (timer || stopped) return;
    timer = setTimeout(flush, flushIntervalMs);
    timer.unref?.();
  };

  const queue = (key: string, change: PendingChange) => {
    pending.delete(key);
    pending.set(key, change);
    if (stopped) flush();
    else schedule();
  };

  try {
    deleteExpired(now());
  } catch (error) {
    options.onError?.(error as Error);
  }

  return {
    load(key, at) {
      if (pending.has(key)) {
        const change = pending.get(key);
        return change && change.expiresAt > at ? change : undefined;
      }
      try {
        const row = selectAnswer.get(key, at);
        return row ? { json: row.response, expiresAt: row.expires_at } : undefined;
      } catch (error) {
        options.onError?.(error as Error);
        return undefined;
      }
    },
    save: (key, json, expiresAt) => queue(key, { json, expiresAt }),
    remove: (key) => queue(key, null),
    clear() {
      pending.clear();
      sqlite.run("DELETE FROM response_cache");
    },
    deleteExpired,
    flush,
    stop() {
      stopped = true;
      flush();
    },
  };
}
