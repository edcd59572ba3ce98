// The dashboard's usage queries at scale: with 150,000 synthetic records (the fill and the query
// list that scripts/bench-usage.ts times at 10 million), every query reads through an index or a rollup table,
// never a bare scan of usage_records or usage_hourly, and answers in well under 50 ms. The rollups that triggers
// keep agree with the hourly one, and filtered request log pages match a brute-force filter.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { dashboardQueries, datasetOf, fillUsage, modelName, providerOf, queryPlan, scansWithoutIndex, tracing, type Dataset, type TracedStatement } from "../../scripts/bench-usage.ts";
import { openStorage, type Storage } from "../../src/storage/database.ts";
import { listUsageRecords, summarizeUsage, type UsageRecordFilters } from "../../src/usage/usage-queries.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

const dayMs = 86_400_000;
const idOrderScans = new Set(["logs newest 100", "logs status=ok"]);
let directory: string;
let storage: Storage;
let dataset: Dataset;

beforeAll(() => {
  directory = temporaryDirectory("amrouter-usage-scale-");
  storage = openStorage(join(directory, "amrouter.db"));
  fillUsage(storage.sqlite, { rows: 150_000, days: 7, end: Date.UTC(2026, 10, 25, 13, 30) });
  dataset = datasetOf(storage.sqlite);
}, 20_000);

afterAll(() => {
  storage.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("usage queries at scale", () => {
  test("every dashboard and API query uses an index and answers in under 50 ms", async () => {
    const slow: string[] = [];
    const unindexed: string[] = [];
    for (const query of dashboardQueries(storage, dataset)) {
      if (query.bulk) continue;
      const seen: TracedStatement[] = [];
      if (query.mutates) storage.sqlite.run("BEGIN IMMEDIATE");
      try {
        await query.run(tracing(storage.sqlite, seen));
        const started = performance.now();
        await query.run(storage.sqlite);
        const elapsed = performance.now() - started;
        if (elapsed >= 50) slow.push(`${query.name}: ${elapsed.toFixed(1)} ms`);
      } finally {
        if (query.mutates) storage.sqlite.run("ROLLBACK");
      }
      const statements = seen.filter((statement) => /usage_(records|hourly|daily)/.test(statement.sql));
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const plan = queryPlan(storage.sqlite, { sql: statement.sql.replace(/^\s*DELETE/i, "SELECT 1"), params: statement.params });
        // Unfiltered (or nearly unfiltered) request log pages walk the table backwards by id and stop after the page.
        if (idOrderScans.has(query.name)) expect(plan).toBe("SCAN usage_records");
        else if (!/USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY|PRIMARY KEY)/.test(plan) || scansWithoutIndex(plan)) unindexed.push(`${query.name}: ${plan}`);
        // No request log query sorts its matches: the index order is the page order.
        if (/FROM usage_records/.test(statement.sql) && !/^\s*DELETE/i.test(statement.sql)) expect(plan).not.toContain("USE TEMP B-TREE FOR ORDER BY");
      }
    }
    expect(unindexed).toEqual([]);
    expect(slow).toEqual([]);
  });

  test("the unfiltered request log reads newest first by id and stops after the page", () => {
    const plan = queryPlan(storage.sqlite, { sql: "SELECT * FROM usage_records ORDER BY id DESC LIMIT 100", params: [] });
    expect(plan).toBe("SCAN usage_records");
    const started = performance.now();
    expect(listUsageRecords(storage.sqlite, { status: "ok", limit: 1000 })).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(50);
  });

  test("filtered pages and time ranges return exactly what a brute-force filter returns", () => {
    const now = dataset.end + 1;
    const middle = Math.floor((dataset.minId + dataset.maxId) / 2);
    const cases: UsageRecordFilters[] = [
      { model: modelName(0), limit: 50 },
      { model: "smart", status: "error", limit: 1000 },
      { model: modelName(199), from: now - 7 * dayMs, to: now, limit: 1000 },
      { provider: providerOf(199), beforeId: middle, limit: 1000 },
      { apiKeyId: 50, from: now - 3 * dayMs, to: now - dayMs, limit: 1000 },
      { from: now - 5 * dayMs + 123_456, to: now - 4.5 * dayMs, limit: 1000 },
      { from: now - 4 * dayMs, to: now - 3 * dayMs, beforeId: middle + 1, limit: 1000 },
      { status: "error", from: now - 2 * dayMs, limit: 1000 },
    ];
    for (const filters of cases) {
      // The straightforward query without any index, as the request log was first written.
      const where: string[] = [];
      const values: Array<string | number> = [];
      if (filters.from !== undefined) (where.push("timestamp >= ?"), values.push(filters.from));
      if (filters.to !== undefined) (where.push("timestamp < ?"), values.push(filters.to));
      if (filters.apiKeyId !== undefined) (where.push("api_key_id = ?"), values.push(filters.apiKeyId));
      if (filters.model !== undefined) (where.push("(requested_model = ? OR served_model = ?)"), values.push(filters.model, filters.model));
      if (filters.provider !== undefined) (where.push("provider = ?"), values.push(filters.provider));
      if (filters.beforeId !== undefined) (where.push("id < ?"), values.push(filters.beforeId));
      if (filters.status !== undefined) where.push(filters.status === "error" ? "status >= 400" : "status < 400");
      const expected = storage.sqlite
        .query<{ id: number }, Array<string | number>>(`SELECT id FROM usage_records NOT INDEXED WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ${filters.limit}`)
        .all(...values)
        .map((row) => row.id);
      expect(expected.length).toBeGreaterThan(0);
      expect({ filters, ids: listUsageRecords(storage.sqlite, filters).map((row) => row.id) }).toEqual({ filters, ids: expected });
    }
  });

  test("a record written out of time order is still found by a time range", () => {
    // Long requests are written when they finish, so ids follow completion, not start time.
    const old = dataset.start + 2 * dayMs + 1234;
    storage.sqlite.run("BEGIN");
    try {
      storage.sqlite.run("INSERT INTO usage_records (request_id, timestamp, client_format, requested_model, status, latency_ms) VALUES ('req_late', ?, 'openai-chat', 'late-model', 200, 5)", [old]);
      const found = listUsageRecords(storage.sqlite, { from: old - 1000, to: old + 1000, limit: 1000 });
      expect(found.map((row) => row.request_id)).toContain("req_late");
      expect(listUsageRecords(storage.sqlite, { from: old + 1, limit: 1000 }).map((row) => row.request_id)).not.toContain("req_late");
    } finally {
      storage.sqlite.run("ROLLBACK");
    }
  });

  test("the daily and narrow rollups kept by triggers sum to the hourly rollup, and summaries read the same from any of them", () => {
    const sums = (table: string) =>
      storage.sqlite.query<{ requests: number; errors: number; tokens: number; cost: number }, []>(
        `SELECT SUM(requests) AS requests, SUM(errors) AS errors, SUM(input_tokens + output_tokens) AS tokens, SUM(cost_usd) AS cost FROM ${table}`,
      ).get()!;
    const hourly = sums("usage_hourly");
    expect(hourly.requests).toBe(150_000);
    for (const table of ["usage_daily", "usage_hourly_by_model", "usage_daily_by_model", "usage_hourly_by_key", "usage_daily_by_key"]) {
      const rollup = sums(table);
      expect({ table, requests: rollup.requests, errors: rollup.errors, tokens: rollup.tokens }).toEqual({ table, requests: hourly.requests, errors: hourly.errors, tokens: hourly.tokens });
      expect(rollup.cost).toBeCloseTo(hourly.cost, 6);
    }
    // A range with partial days at both ends, by day: whole days from the daily rollups, the ends from hourly ones.
    const range = { from: dataset.end - 5 * dayMs + 7_654_321, to: dataset.end + 1 };
    const direct = storage.sqlite.query<{ bucket: number; group: string; requests: number }, [number, number]>(
      `SELECT (hour / ${dayMs}) * ${dayMs} AS bucket, model AS "group", SUM(requests) AS requests FROM usage_hourly WHERE hour >= ? AND hour < ? GROUP BY 1, 2 ORDER BY 1, 2`,
    ).all(Math.floor(range.from / 3_600_000) * 3_600_000, range.to);
    const summarized = summarizeUsage(storage.sqlite, { ...range, bucket: "day", groupBy: "model" }).map((row) => ({ bucket: row.bucket, group: row.group, requests: row.requests }));
    expect(summarized).toEqual(direct);
    const filtered = summarizeUsage(storage.sqlite, { ...range, bucket: "day", groupBy: "key", provider: providerOf(0) });
    const filteredDirect = storage.sqlite.query<{ requests: number }, [number, number, string]>(
      "SELECT SUM(requests) AS requests FROM usage_hourly WHERE hour >= ? AND hour < ? AND provider = ?",
    ).get(Math.floor(range.from / 3_600_000) * 3_600_000, range.to, providerOf(0))!;
    expect(filtered.reduce((sum, row) => sum + row.requests, 0)).toBe(filteredDirect.requests);
  });

  test("the batch writer's upserts keep the rollups in step", () => {
    const hour = Math.floor(dataset.end / 3_600_000) * 3_600_000;
    storage.sqlite.run("BEGIN");
    try {
      const upsert = storage.sqlite.prepare(`INSERT INTO usage_hourly (hour, api_key_id, provider, model, requests, errors, cost_usd) VALUES (?, 7777, 'p-test', 'm-test', ?, ?, ?)
        ON CONFLICT (hour, api_key_id, provider, model) DO UPDATE SET requests = requests + excluded.requests, errors = errors + excluded.errors, cost_usd = cost_usd + excluded.cost_usd`);
      upsert.run(hour, 3, 1, 0.25);
      upsert.run(hour, 2, 0, 0.5);
      upsert.run(hour + 3_600_000 * 30, 4, 4, 1);
      const read = (sql: string) => storage.sqlite.query<{ requests: number; errors: number }, []>(sql).get();
      expect(read("SELECT requests, errors FROM usage_hourly_by_model WHERE model = 'm-test' AND hour = " + hour)).toEqual({ requests: 5, errors: 1 });
      expect(read("SELECT SUM(requests) AS requests, SUM(errors) AS errors FROM usage_daily WHERE model = 'm-test'")).toEqual({ requests: 9, errors: 5 });
      // A moved row (never done by the writer) moves its totals too; a deleted one takes them away.
      storage.sqlite.run("UPDATE usage_hourly SET api_key_id = 8888 WHERE model = 'm-test' AND hour = ?", [hour]);
      expect(read("SELECT SUM(requests) AS requests, SUM(errors) AS errors FROM usage_daily_by_key WHERE api_key_id = 8888")).toEqual({ requests: 5, errors: 1 });
      storage.sqlite.run("DELETE FROM usage_hourly WHERE model = 'm-test'");
      expect(read("SELECT SUM(requests) AS requests, SUM(errors) AS errors FROM usage_daily WHERE model = 'm-test'")).toEqual({ requests: 0, errors: 0 });
    } finally {
      storage.sqlite.run("ROLLBACK");
    }
  });
});
