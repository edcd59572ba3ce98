// Running cost totals per API key for the current UTC day and month, so a budget check on the request path is a
// map lookup instead of a query. A key's totals are read once from the usage rollup on first use (and again after
// it has been dropped to keep memory bounded), then kept current by every usage record; they start from zero when
// the day or month rolls over. The totals are what budget checks compare against; a key at or over its budget is
// refused (fails closed).
import type { Database } from "bun:sqlite";

export type Spend = { today: number; month: number };

export type BudgetTracker = {
  /** What `keyId` has spent today and this month (UTC) as of `now`. */
  spend(keyId: number, now: number): Spend;
  /** Adds one request's cost, attributed to the day and month of `timestamp` (as the usage rollup does). */
  record(keyId: number, costUsd: number, timestamp: number): void;
};

export type BudgetTrackerOptions = {
  /**
   * USD `keyId` spent from `since` (a UTC day or month start) until now, including usage not yet written to the
   * database. Called when a key is first seen and must not count anything already passed to `record`.
   */
  loadSpend(keyId: number, since: number): number;
  /** Most keys whose totals are kept; past it the least recently used is dropped and re-read when next seen. Default 10 000. */
  maxKeys?: number;
};

export function utcDayStart(timestamp: number): number {
  const date = new Date(timestamp);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

export function utcMonthStart(timestamp: number): number {
  const date = new Date(timestamp);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function nextUtcDayStart(timestamp: number): number {
  const date = new Date(timestamp);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

export function nextUtcMonthStart(timestamp: number): number {
  const date = new Date(timestamp);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

type Totals = { dayStart: number; monthStart: number; today: number; month: number };

export function createBudgetTracker(options: BudgetTrackerOptions): BudgetTracker {
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  const totals = new Map<number, Totals>();

  /** Moves a key's totals forward to the day of `timestamp`; earlier timestamps leave them as they are. */
  const rollOver = (entry: Totals, timestamp: number) => {
    const dayStart = utcDayStart(timestamp);
    if (dayStart <= entry.dayStart) return;
    const monthStart = utcMonthStart(timestamp);
    if (monthStart > entry.monthStart) {
      entry.monthStart = monthStart;
      entry.month = 0;
    }
    entry.dayStart = dayStart;
    entry.today = 0;
  };

  const seed = (keyId: number, now: number): Totals => {
    const dayStart = utcDayStart(now);
    const monthStart = utcMonthStart(now);
    const entry: Totals = { dayStart, monthStart, month: options.loadSpend(keyId, monthStart), today: options.loadSpend(keyId, dayStart) };
    while (totals.size >= maxKeys) {
      const leastRecentlyUsed = totals.keys().next().value;
      if (leastRecentlyUsed === undefined) break;
      totals.delete(leastRecentlyUsed);
    }
    totals.set(keyId, entry);
    return entry;
  };

  return {
    spend(keyId, now) {
      let entry = totals.get(keyId);
      if (entry) {
        totals.delete(keyId);
        totals.set(keyId, entry);
        rollOver(entry, now);
      } else entry = seed(keyId, now);
      return { today: entry.today, month: entry.month };
    },

    record(keyId, costUsd, timestamp) {
      // A key not seen yet is read from the rollup (plus unwritten usage) on first use, which includes this cost.
      const entry = totals.get(keyId);
      if (!entry || !(costUsd > 0) || !Number.isFinite(costUsd)) return;
      rollOver(entry, timestamp);
      if (timestamp >= entry.dayStart) entry.today += costUsd;
      if (timestamp >= entry.monthStart) entry.month += costUsd;
    },
  };
}

const hourMs = 3_600_000;

/**
 * USD recorded in the hourly usage rollup for `keyId` from the hour containing `since` on. Day and month starts
 * are whole hours, so for them the sum is exact; for any other `since` it leans toward counting more.
 */
export function sumSpendFromRollup(sqlite: Database, keyId: number, since: number): number {
  const row = sqlite
    .query<{ total: number | null }, [number, number]>("SELECT SUM(cost_usd) AS total FROM usage_hourly WHERE api_key_id = ? AND hour >= ?")
    .get(keyId, Math.floor(since / hourMs) * hourMs);
  return row?.total ?? 0;
}
