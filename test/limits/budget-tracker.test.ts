// Budget totals per key: read once from the rollup on first use, kept current by usage records, restarted at UTC
// day and month boundaries; and the rollup query that seeds them, run against a real SQLite table.
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import {
  createBudgetTracker,
  nextUtcDayStart,
  nextUtcMonthStart,
  sumSpendFromRollup,
  utcDayStart,
  utcMonthStart,
} from "../../src/limits/budget-tracker.ts";

const hour = 3_600_000;

describe("UTC boundaries", () => {
  test("day and month starts, including month and year ends and a leap day", () => {
    const late = Date.UTC(2024, 1, 29, 23, 59, 59, 999);
    expect(utcDayStart(late)).toBe(Date.UTC(2024, 1, 29));
    expect(nextUtcDayStart(late)).toBe(Date.UTC(2024, 2, 1));
    expect(utcMonthStart(late)).toBe(Date.UTC(2024, 1, 1));
    expect(nextUtcMonthStart(late)).toBe(Date.UTC(2024, 2, 1));
    expect(nextUtcDayStart(Date.UTC(2024, 11, 31, 12))).toBe(Date.UTC(2025, 0, 1));
    expect(nextUtcMonthStart(Date.UTC(2024, 11, 31, 12))).toBe(Date.UTC(2025, 0, 1));
    expect(nextUtcDayStart(Date.UTC(2025, 0, 1))).toBe(Date.UTC(2025, 0, 2));
  });
});

describe("budget tracker", () => {
  test("seeds lazily, once, from loadSpend for the month start and the day start", () => {
    const calls: Array<[number, number]> = [];
    const budgets = createBudgetTracker({
      loadSpend(keyId, since) {
        calls.push([keyId, since]);
        return since === Date.UTC(2025, 2, 1) ? 40 : 3;
      },
    });
    expect(calls).toEqual([]);
    const now = Date.UTC(2025, 2, 14, 9, 30);
    expect(budgets.spend(7, now)).toEqual({ today: 3, month: 40 });
    expect(budgets.spend(7, now + 1000)).toEqual({ today: 3, month: 40 });
    expect(calls.sort()).toEqual([
      [7, Date.UTC(2025, 2, 1)],
      [7, Date.UTC(2025, 2, 14)],
    ]);
  });

  test("records add to today and the month; records for a key not seen yet are left to loadSpend", () => {
    const budgets = createBudgetTracker({ loadSpend: () => 0 });
    const now = Date.UTC(2025, 2, 14, 9);
    budgets.record(1, 5, now); // not seeded: the seed (rollup + unwritten usage) already includes it
    expect(budgets.spend(1, now)).toEqual({ today: 0, month: 0 });
    budgets.record(1, 1.25, now);
    budgets.record(1, 0.75, now + 1000);
    budgets.record(1, 0, now);
    budgets.record(1, -4, now);
    budgets.record(1, Number.NaN, now);
    expect(budgets.spend(1, now + 2000)).toEqual({ today: 2, month: 2 });
    expect(budgets.spend(2, now)).toEqual({ today: 0, month: 0 });
  });

  test("daily rollover at UTC midnight keeps the month", () => {
    const budgets = createBudgetTracker({ loadSpend: () => 0 });
    const beforeMidnight = Date.UTC(2025, 2, 14, 23, 59, 59, 999);
    budgets.spend(1, beforeMidnight);
    budgets.record(1, 4, beforeMidnight);
    expect(budgets.spend(1, beforeMidnight)).toEqual({ today: 4, month: 4 });
    const midnight = Date.UTC(2025, 2, 15);
    expect(budgets.spend(1, midnight)).toEqual({ today: 0, month: 4 });
    budgets.record(1, 1, midnight);
    expect(budgets.spend(1, midnight)).toEqual({ today: 1, month: 5 });
  });

  test("monthly rollover at the first of the month UTC, and across a year end", () => {
    const budgets = createBudgetTracker({ loadSpend: () => 0 });
    const endOfJanuary = Date.UTC(2025, 0, 31, 23, 30);
    budgets.spend(1, endOfJanuary);
    budgets.record(1, 9, endOfJanuary);
    expect(budgets.spend(1, Date.UTC(2025, 1, 1) - 1)).toEqual({ today: 9, month: 9 });
    expect(budgets.spend(1, Date.UTC(2025, 1, 1))).toEqual({ today: 0, month: 0 });

    const endOfYear = Date.UTC(2025, 11, 31, 23, 59);
    budgets.spend(2, endOfYear);
    budgets.record(2, 3, endOfYear);
    expect(budgets.spend(2, Date.UTC(2026, 0, 1, 0, 0, 1))).toEqual({ today: 0, month: 0 });
  });

  test("a record stamped in a new day rolls the totals forward before it is added", () => {
    const budgets = createBudgetTracker({ loadSpend: () => 0 });
    budgets.spend(1, Date.UTC(2025, 2, 31, 12));
    budgets.record(1, 2, Date.UTC(2025, 2, 31, 12));
    budgets.record(1, 1, Date.UTC(2025, 3, 1, 0, 5));
    expect(budgets.spend(1, Date.UTC(2025, 3, 1, 0, 6))).toEqual({ today: 1, month: 1 });
  });

  test("a late record for yesterday counts toward the month only; one for last month is dropped", () => {
    const budgets = createBudgetTracker({ loadSpend: () => 0 });
    const now = Date.UTC(2025, 2, 2, 0, 1);
    budgets.spend(1, now);
    budgets.record(1, 2, Date.UTC(2025, 2, 1, 23, 59)); // a request that started before midnight
    budgets.record(1, 5, Date.UTC(2025, 1, 28, 23, 59));
    expect(budgets.spend(1, now)).toEqual({ today: 0, month: 2 });
  });

  test("past maxKeys the least recently used key is dropped and read again from loadSpend when next seen", () => {
    let loads = 0;
    const budgets = createBudgetTracker({
      maxKeys: 2,
      loadSpend: () => {
        loads++;
        return 1;
      },
    });
    const now = Date.UTC(2025, 2, 14);
    budgets.spend(1, now);
    budgets.spend(2, now);
    budgets.spend(1, now);
    budgets.spend(3, now); // drops key 2
    expect(loads).toBe(6);
    budgets.spend(1, now);
    expect(loads).toBe(6);
    budgets.spend(2, now);
    expect(loads).toBe(8);
  });
});

describe("sumSpendFromRollup", () => {
  const createRollup = () => {
    const sqlite = new Database(":memory:");
    // Copied from migration 2 in src/storage/migrations.ts.
    sqlite.run(`CREATE TABLE usage_hourly (
      hour INTEGER NOT NULL,
      api_key_id INTEGER NOT NULL DEFAULT 0,
      provider TEXT NOT NULL DEFAULT '',
      model TEXT NOT NULL DEFAULT '',
      requests INTEGER NOT NULL DEFAULT 0,
      errors INTEGER NOT NULL DEFAULT 0,
      cache_hits INTEGER NOT NULL DEFAULT 0,
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      cached_input_tokens INTEGER NOT NULL DEFAULT 0,
      reasoning_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL NOT NULL DEFAULT 0,
      latency_ms_total INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (hour, api_key_id, provider, model)
    )`);
    const insert = sqlite.prepare("INSERT INTO usage_hourly (hour, api_key_id, provider, model, requests, cost_usd) VALUES (?, ?, ?, ?, 1, ?)");
    return { sqlite, insert };
  };

  test("sums one key's cost from a day or month start, over providers and models", () => {
    const { sqlite, insert } = createRollup();
    const dayStart = Date.UTC(2025, 2, 14);
    const monthStart = Date.UTC(2025, 2, 1);
    insert.run(monthStart - hour, 1, "openai", "gpt", 100); // last month
    insert.run(monthStart, 1, "openai", "gpt", 1.5);
    insert.run(dayStart - hour, 1, "anthropic", "claude", 2.25);
    insert.run(dayStart, 1, "openai", "gpt", 0.5);
    insert.run(dayStart, 1, "openai", "gpt-mini", 0.125);
    insert.run(dayStart + 5 * hour, 1, "anthropic", "claude", 1);
    insert.run(dayStart, 2, "openai", "gpt", 50); // another key
    insert.run(dayStart, 0, "openai", "gpt", 70); // anonymous
    expect(sumSpendFromRollup(sqlite, 1, dayStart)).toBe(1.625);
    expect(sumSpendFromRollup(sqlite, 1, monthStart)).toBe(5.375);
    expect(sumSpendFromRollup(sqlite, 2, dayStart)).toBe(50);
    expect(sumSpendFromRollup(sqlite, 3, monthStart)).toBe(0);
    // Not on an hour: the hour containing it counts whole (more, never less).
    expect(sumSpendFromRollup(sqlite, 1, dayStart + 30 * 60_000)).toBe(1.625);
    sqlite.close();
  });

  test("as a budget tracker's loader", () => {
    const { sqlite, insert } = createRollup();
    const now = Date.UTC(2025, 2, 14, 10);
    insert.run(Date.UTC(2025, 2, 3, 8), 4, "openai", "gpt", 30);
    insert.run(Date.UTC(2025, 2, 14, 9), 4, "openai", "gpt", 2);
    const budgets = createBudgetTracker({ loadSpend: (keyId, since) => sumSpendFromRollup(sqlite, keyId, since) });
    expect(budgets.spend(4, now)).toEqual({ today: 2, month: 32 });
    sqlite.close();
  });
});
