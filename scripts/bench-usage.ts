// `bun run bench:usage [--rows 10000000] [--days 90] [--keep] [--db PATH] [--migrations N] [--writer-rows N]`:
// fills a temporary database (the real migrations) with synthetic usage records and their hourly rollup, then
// times every query the dashboard and the usage API make (median of 5) and prints each with its query plan, the
// database size, the bulk-load speed and the speed of the real batch writer on top of the filled tables.
// `--db PATH` reuses a database an earlier `--keep` run left (pending migrations are applied and timed), so
// queries can be re-measured without filling again; `--migrations N --keep` builds and fills the schema as of
// migration N, so a later `--db PATH` run times the migrations after it on real data. The fill and the query
// list are exported for test/usage/usage-scale.test.ts.
import { Database as BunDatabase, type Database, type SQLQueryBindings } from "bun:sqlite";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Elysia } from "elysia";
import type { GatewayRuntime } from "../src/gateway/gateway-runtime.ts";
import { usageBreakdownRoutes } from "../src/http/admin/usage-breakdown-routes.ts";
import { usageExportRoutes } from "../src/http/admin/usage-export-routes.ts";
import { usageRoutes } from "../src/http/admin/usage-routes.ts";
import { sumSpendFromRollup, utcMonthStart } from "../src/limits/budget-tracker.ts";
import type { Logger } from "../src/logging/logger.ts";
import { applyMigrations, openStorage, type Storage } from "../src/storage/database.ts";
import { newRequestId } from "../src/gateway/request-usage.ts";
import { migrations } from "../src/storage/migrations.ts";
import { writeSetting } from "../src/storage/repositories/settings-repository.ts";
import { applyRetention, chunkedDeletes, retentionSettingKey } from "../src/usage/retention.ts";
import { recordHourIndexBackfillSql } from "../src/usage/record-hour-index.ts";
import { listUsageRecords } from "../src/usage/request-log-query.ts";
import { findRequest, summarizeUsage, usageDimensions } from "../src/usage/usage-queries.ts";
import type { UsageRecord } from "../src/usage/usage-record.ts";
import { createUsageRecorder } from "../src/usage/usage-recorder.ts";

const hourMs = 3_600_000;
const dayMs = 86_400_000;

// ---------------------------------------------------------------------------------------------------------
// Synthetic data: skewed like real traffic (a few keys and models carry most requests), ids in completion order
// and timestamps at request start, as the gateway writes them.

export const keyCount = 50;
export const modelCount = 200;
export const providerCount = 20;
const combos = ["fast", "smart", "cheap", "vision", "long-context"];

/** Deterministic, so two runs fill the same rows. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Zipf-like sampler over 0..count-1: rank 0 is the most frequent. */
function zipf(count: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 0; rank < count; rank++) cumulative[rank] = total += 1 / (rank + 1) ** exponent;
  for (let rank = 0; rank < count; rank++) cumulative[rank]! /= total;
  return () => {
    const target = random();
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

export const modelName = (rank: number) => `model-${String(rank).padStart(3, "0")}`;
/** Providers own blocks of models by popularity, so provider 0 is busy and provider 19 is rare. */
export const providerOf = (modelRank: number) => `provider-${String(Math.floor((modelRank * providerCount) / modelCount)).padStart(2, "0")}`;
export const connectionOf = (modelRank: number) => `${providerOf(modelRank)}-${modelRank % 2 === 0 ? "primary" : "backup"}`;

const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
function requestIdFrom(bytes: Uint8Array, offset: number): string {
  let text = "req_";
  for (let index = offset; index < offset + 16; index++) text += hex[bytes[index]!];
  return text;
}

export type FillOptions = { rows: number; days?: number; end?: number; seed?: number; batchRows?: number; onProgress?: (rows: number) => void };
export type FillResult = { rows: number; insertMs: number; indexMs: number; rollupMs: number; rollupRows: number; start: number; end: number };

const insertColumns = `request_id, timestamp, api_key_id, api_key_name, client_format, requested_model, served_model, connection, provider, combo,
  status, error_code, attempts, stream, latency_ms, first_token_ms, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens,
  reasoning_tokens, estimated, cost_usd, cache_hit, compression_saved_tokens`;

/**
 * Fills usage_records with `rows` synthetic records over `days` days ending at `end`, then builds usage_hourly
 * from them with one INSERT … SELECT … GROUP BY (the same grouping the batch writer uses). The usage_records
 * indexes are dropped during the load and rebuilt after it (same definitions, from sqlite_master), which is far
 * faster than maintaining them row by row; the writer's real per-row cost is measured separately.
 */
export function fillUsage(sqlite: Database, options: FillOptions): FillResult {
  const rows = options.rows;
  const end = options.end ?? Date.now();
  const span = (options.days ?? 90) * dayMs;
  const start = end - span;
  const batchRows = options.batchRows ?? 100_000;
  const random = randomSource(options.seed ?? 42);
  const pickKey = zipf(keyCount, 1.1, random);
  const pickModel = zipf(modelCount, 1.0, random);

  // A large page cache and no syncing while loading; both restored at the end.
  const cacheSize = sqlite.query<{ cache_size: number }, []>("PRAGMA cache_size").get()!.cache_size;
  const synchronous = sqlite.query<{ synchronous: number }, []>("PRAGMA synchronous").get()!.synchronous;
  sqlite.run("PRAGMA cache_size = -1000000");
  sqlite.run("PRAGMA synchronous = OFF");
  const indexes = sqlite
    .query<{ name: string; sql: string }, []>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_records' AND sql IS NOT NULL")
    .all();
  for (const index of indexes) sqlite.run(`DROP INDEX ${index.name}`);

  const insert = sqlite.prepare(`INSERT INTO usage_records (${insertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const idBytes = new Uint8Array(16 * batchRows);
  const insertBatch = sqlite.transaction((first: number, count: number) => {
    crypto.getRandomValues(idBytes.subarray(0, 16 * count));
    for (let offset = 0; offset < count; offset++) {
      const index = first + offset;
      const completedAt = start + Math.floor(((index + 1) * span) / rows);
      const roll = random();
      const streamed = roll < 0.6;
      const latency = Math.floor(150 + random() ** 3 * (streamed ? 120_000 : 20_000));
      const keyed = random() >= 0.03;
      const keyRank = pickKey();
      const modelRank = pickModel();
      const statusRoll = random();
      const status = statusRoll < 0.94 ? 200 : statusRoll < 0.965 ? 429 : statusRoll < 0.975 ? 500 : statusRoll < 0.985 ? 502 : statusRoll < 0.992 ? 400 : statusRoll < 0.997 ? 499 : 401;
      const routed = status !== 401 && status !== 400;
      const viaCombo = random() < 0.1;
      const combo = viaCombo ? combos[modelRank % combos.length]! : null;
      const served = modelName(modelRank);
      const ok = status < 400;
      const inputTokens = ok ? Math.floor(50 + random() * 4000) : 0;
      const outputTokens = ok ? Math.floor(10 + random() * 1500) : 0;
      const cacheHit = ok && random() < 0.04;
      insert.run(
        requestIdFrom(idBytes, offset * 16),
        completedAt - latency,
        keyed ? keyRank + 1 : null,
        keyed ? `key-${keyRank + 1}` : null,
        roll < 0.7 ? "openai-chat" : roll < 0.9 ? "anthropic-messages" : "openai-responses",
        combo ?? served,
        routed ? served : null,
        routed ? connectionOf(modelRank) : null,
        routed ? providerOf(modelRank) : null,
        combo,
        status,
        ok ? null : status === 429 ? "rate_limited" : status >= 500 ? "upstream_error" : "invalid_request",
        routed ? (random() < 0.05 ? 2 : 1) : 0,
        streamed ? 1 : 0,
        latency,
        streamed && ok ? Math.floor(latency / 10) : null,
        inputTokens,
        outputTokens,
        cacheHit ? inputTokens : Math.floor(inputTokens * random() * 0.3),
        0,
        ok && modelRank % 7 === 0 ? Math.floor(outputTokens / 3) : 0,
        ok && random() < 0.02 ? 1 : 0,
        ok ? (inputTokens * 0.000003 + outputTokens * 0.000015) * (1 + (modelRank % 5)) : 0,
        cacheHit ? 1 : 0,
        0,
      );
    }
  });

  const insertStarted = performance.now();
  for (let first = 0; first < rows; first += batchRows) {
    insertBatch(first, Math.min(batchRows, rows - first));
    options.onProgress?.(Math.min(first + batchRows, rows));
  }
  const insertMs = performance.now() - insertStarted;

  const indexStarted = performance.now();
  for (const index of indexes) sqlite.run(index.sql);
  const indexMs = performance.now() - indexStarted;

  const rollupStarted = performance.now();
  // The request log's hour index exists from migration 7 on (`--migrations 6` builds the schema before it).
  const hasHourIndex = sqlite.query("SELECT 1 FROM sqlite_master WHERE name = 'usage_record_hours'").get() !== null;
  if (hasHourIndex) for (const statement of recordHourIndexBackfillSql) sqlite.run(statement);
  const rollupRows = sqlite.run(`INSERT INTO usage_hourly (hour, api_key_id, provider, model, requests, errors, cache_hits, input_tokens, output_tokens,
      cached_input_tokens, reasoning_tokens, cost_usd, latency_ms_total)
    SELECT (timestamp / ${hourMs}) * ${hourMs}, COALESCE(api_key_id, 0), COALESCE(provider, ''), COALESCE(served_model, requested_model), COUNT(*),
      SUM(status >= 400), SUM(cache_hit), SUM(input_tokens), SUM(output_tokens), SUM(cached_input_tokens), SUM(reasoning_tokens), SUM(cost_usd),
      SUM(latency_ms)
    FROM usage_records GROUP BY 1, 2, 3, 4`).changes;
  const rollupMs = performance.now() - rollupStarted;
  sqlite.run(`PRAGMA cache_size = ${cacheSize}`);
  sqlite.run(`PRAGMA synchronous = ${synchronous}`);
  return { rows, insertMs, indexMs, rollupMs, rollupRows, start, end };
}

// ---------------------------------------------------------------------------------------------------------
// Tracing: every statement a query function or route runs, so its plan can be shown next to its time.

export type TracedStatement = { sql: string; params: SQLQueryBindings[] };

export function tracing(sqlite: Database, seen: TracedStatement[]): Database {
  const wrapStatement = (statement: object, sql: string) =>
    new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (property === "all" || property === "get" || property === "run" || property === "values" || property === "iterate") {
          return (...params: SQLQueryBindings[]) => {
            seen.push({ sql, params });
            return value.apply(target, params);
          };
        }
        return value.bind(target);
      },
    });
  return new Proxy(sqlite, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "query" || property === "prepare") return (sql: string) => wrapStatement(value.call(target, sql), sql);
      if (property === "run") {
        return (sql: string, params?: SQLQueryBindings[]) => {
          seen.push({ sql, params: params ?? [] });
          return value.call(target, sql, params);
        };
      }
      return value.bind(target);
    },
  });
}

/** EXPLAIN QUERY PLAN details of one statement, joined. */
export function queryPlan(sqlite: Database, statement: TracedStatement): string {
  // Prepared and finalized each time: a cached EXPLAIN statement keeps the WAL from being checkpointed.
  const explain = sqlite.prepare<{ detail: string }, SQLQueryBindings[]>(`EXPLAIN QUERY PLAN ${statement.sql}`);
  try {
    return explain.all(...statement.params).map((row) => row.detail).join("; ");
  } finally {
    explain.finalize();
  }
}

/** A plan reads a usage table without an index when it has a bare "SCAN usage_…" step. */
export function scansWithoutIndex(plan: string): boolean {
  return plan.split("; ").some((step) => /^SCAN usage_\w+\b/.test(step) && !/USING/.test(step));
}

// ---------------------------------------------------------------------------------------------------------
// The queries: what the overview, usage and logs pages, the CSV export, the budget limits and retention run.

export type BenchQuery = {
  name: string;
  /** Returns how many rows (or, for routes, response bytes) it produced, for the table. */
  run(sqlite: Database): number | Promise<number>;
  /** Changes data (retention): each sample runs in a transaction that is rolled back afterwards. */
  mutates?: boolean;
  /** Cost grows with the rows returned (a full CSV export), so the per-query target does not apply. */
  bulk?: boolean;
};

export type Dataset = { start: number; end: number; minId: number; maxId: number };

function stubRuntime(sqlite: Database): GatewayRuntime {
  const storage = { sqlite } as Storage;
  return {
    storage,
    usage: { flush: () => 0 },
    apiKeys: { identify: () => ({ id: 0, name: "bench", scope: "admin" }) },
  } as unknown as GatewayRuntime;
}

async function callRoute(sqlite: Database, path: string): Promise<number> {
  const runtime = stubRuntime(sqlite);
  const app = new Elysia().use(usageRoutes(runtime)).use(usageBreakdownRoutes(runtime)).use(usageExportRoutes(runtime));
  const response = await app.handle(new Request(`http://localhost${path}`, { headers: { authorization: "Bearer amr_bench" } }));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`);
  return text.length;
}

export function dashboardQueries(storage: Storage, dataset: Dataset): BenchQuery[] {
  const sqlite = storage.sqlite;
  const now = dataset.end + 1;
  const sample = sqlite.query<{ id: number; request_id: string }, [number]>("SELECT id, request_id FROM usage_records WHERE id >= ? ORDER BY id LIMIT 1");
  const middleId = Math.floor((dataset.minId + dataset.maxId) / 2);
  const knownRequest = sample.get(middleId)!.request_id;
  const rareModel = modelName(modelCount - 1);
  const rareProvider = providerOf(modelCount - 1);
  const rareConnection = connectionOf(modelCount - 1);
  const exportFrom = now - 7 * dayMs;
  // The last page of a 7-day export: fewer than 1,000 rows left above the range's start.
  const lastPageBefore = sqlite.query<{ id: number }, [number]>("SELECT id FROM usage_records WHERE timestamp >= ? ORDER BY timestamp LIMIT 1 OFFSET 500").get(exportFrom)?.id ?? middleId;
  const summary = (from: number, bucket: "hour" | "day", groupBy?: "key" | "model" | "provider", filters: { apiKeyId?: number; model?: string; provider?: string } = {}) =>
    (db: Database) => summarizeUsage(db, { from, to: now, bucket, groupBy, ...filters }).length;
  const logs = (filters: Parameters<typeof listUsageRecords>[1]) => (db: Database) => listUsageRecords(db, filters).length;
  const route = (path: string) => (db: Database) => callRoute(db, path);
  return [
    { name: "usage 24h by hour", run: summary(now - dayMs, "hour") },
    { name: "usage 24h by hour by model", run: summary(now - dayMs, "hour", "model") },
    { name: "usage 24h by hour by key", run: summary(now - dayMs, "hour", "key") },
    { name: "usage 7d by day", run: summary(now - 7 * dayMs, "day") },
    { name: "usage 7d by day by provider", run: summary(now - 7 * dayMs, "day", "provider") },
    { name: "usage 48h by hour", run: summary(now - 2 * dayMs, "hour") },
    { name: "usage 30d by day by key", run: summary(now - 30 * dayMs, "day", "key") },
    { name: "usage 30d by day by model", run: summary(now - 30 * dayMs, "day", "model") },
    { name: "usage 30d by day by provider", run: summary(now - 30 * dayMs, "day", "provider") },
    { name: "usage 90d by day", run: summary(now - 90 * dayMs, "day") },
    { name: "GET /api/usage 30d by model", run: route(`/api/usage?from=${now - 30 * dayMs}&to=${now}&bucket=day&groupBy=model`) },
    { name: "breakdown route 7d", run: route(`/api/usage/breakdown?from=${now - 7 * dayMs}&to=${now}&bucket=day`) },
    { name: "breakdown route 30d by model, provider", run: route(`/api/usage/breakdown?from=${now - 30 * dayMs}&to=${now}&bucket=day&groupBy=model&provider=${rareProvider}`) },
    { name: "breakdown route 30d by key, model", run: route(`/api/usage/breakdown?from=${now - 30 * dayMs}&to=${now}&bucket=day&groupBy=key&model=${rareModel}`) },
    { name: "breakdown route 24h by hour, key", run: route(`/api/usage/breakdown?from=${now - dayMs}&to=${now}&bucket=hour&apiKeyId=1`) },
    { name: "summarize 30d by model, provider filter", run: summary(now - 30 * dayMs, "day", "model", { provider: rareProvider }) },
    { name: "summarize 30d by key, model filter", run: summary(now - 30 * dayMs, "day", "key", { model: rareModel }) },
    { name: "summarize 7d by day, key filter", run: summary(now - 7 * dayMs, "day", undefined, { apiKeyId: 1 }) },
    { name: "summarize 24h by hour, model filter", run: summary(now - dayMs, "hour", undefined, { model: modelName(0) }) },
    { name: "usageDimensions 30d", run: (db) => usageDimensions(db, { from: now - 30 * dayMs, to: now }).models.length },
    { name: "budget: key month spend", run: (db) => Math.round(sumSpendFromRollup(db, 1, utcMonthStart(now))) },
    { name: "logs newest 100", run: logs({}) },
    { name: "logs model (common)", run: logs({ model: modelName(0), limit: 200 }) },
    { name: "logs model (rare)", run: logs({ model: rareModel, limit: 200 }) },
    { name: "logs model (no match)", run: logs({ model: "no-such-model", limit: 200 }) },
    { name: "logs provider (common)", run: logs({ provider: providerOf(0) }) },
    { name: "logs provider (rare)", run: logs({ provider: rareProvider }) },
    { name: "logs connection (rare)", run: logs({ connection: rareConnection }) },
    { name: "logs status=error", run: logs({ status: "error", limit: 200 }) },
    { name: "logs status=ok", run: logs({ status: "ok", limit: 200 }) },
    { name: "logs error + model (rare)", run: logs({ status: "error", model: rareModel, limit: 200 }) },
    { name: "logs apiKeyId (common)", run: logs({ apiKeyId: 1 }) },
    { name: "logs apiKeyId (rare)", run: logs({ apiKeyId: keyCount }) },
    { name: "logs page beforeId (middle)", run: logs({ beforeId: middleId }) },
    { name: "logs page beforeId + provider (rare)", run: logs({ beforeId: middleId, provider: rareProvider }) },
    { name: "logs last 24h", run: logs({ from: now - dayMs, to: now }) },
    { name: "logs one day 30d ago", run: logs({ from: now - 30 * dayMs, to: now - 29 * dayMs }) },
    { name: "logs 7d + key (rare)", run: logs({ from: now - 7 * dayMs, to: now, apiKeyId: keyCount }) },
    { name: "findRequest (hit)", run: (db) => (findRequest(db, knownRequest) ? 1 : 0) },
    { name: "findRequest (miss)", run: (db) => (findRequest(db, "req_missing") ? 1 : 0) },
    { name: "export page 7d (first)", run: logs({ from: exportFrom, to: now, limit: 1000 }) },
    { name: "export page 7d (last)", run: logs({ from: exportFrom, to: now, beforeId: lastPageBefore, limit: 1000 }) },
    { name: "export page 7d, provider (rare)", run: logs({ from: exportFrom, to: now, provider: rareProvider, limit: 1000 }) },
    { name: "export 7d model (rare), all pages", run: route(`/api/usage/export?from=${exportFrom}&to=${now}&model=${rareModel}`), bulk: true },
    { name: "export 7d, all pages (200k cap)", run: route(`/api/usage/export?from=${exportFrom}&to=${now}`), bulk: true },
    {
      // One chunk is what blocks the event loop at a time; the timer yields between chunks.
      name: "retention: one chunk of the oldest day",
      mutates: true,
      run: (db) => chunkedDeletes({ ...storage, sqlite: db }, dataset.start + dayMs + 30 * dayMs).records(),
    },
    {
      name: "retention: delete 1 day, all chunks",
      mutates: true,
      bulk: true,
      run: (db) => applyRetention({ ...storage, sqlite: db }, dataset.start + dayMs + 30 * dayMs).records,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------

export type Measurement = { name: string; medianMs: number; maxMs: number; rows: number; plans: string[]; bulk: boolean };

export async function measure(storage: Storage, dataset: Dataset, samples = 5): Promise<Measurement[]> {
  writeSetting(storage, retentionSettingKey, "30");
  const results: Measurement[] = [];
  for (const query of dashboardQueries(storage, dataset)) {
    const seen: TracedStatement[] = [];
    const traced = tracing(storage.sqlite, seen);
    const times: number[] = [];
    let rows = 0;
    if (!query.mutates) rows = await query.run(traced);
    for (let sample = 0; sample < samples; sample++) {
      if (query.mutates) storage.sqlite.run("BEGIN IMMEDIATE");
      const started = performance.now();
      rows = await query.run(query.mutates && sample === 0 ? traced : storage.sqlite);
      times.push(performance.now() - started);
      if (query.mutates) storage.sqlite.run("ROLLBACK");
    }
    times.sort((left, right) => left - right);
    const unique = new Map(seen.map((statement) => [statement.sql, statement]));
    const plans = [...unique.values()]
      .filter((statement) => /usage_records|usage_hourly/.test(statement.sql))
      .map((statement) => (/^\s*DELETE/i.test(statement.sql) ? queryPlan(storage.sqlite, { sql: statement.sql.replace(/^\s*DELETE/i, "SELECT 1"), params: statement.params }) : queryPlan(storage.sqlite, statement)));
    results.push({ name: query.name, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)!, rows, plans, bulk: query.bulk ?? false });
  }
  return results;
}

/** The batch writer as the gateway runs it (500 per transaction), on top of the filled tables. */
export function measureWriter(sqlite: Database, dataset: Dataset, count = 100_000): number {
  const logger = { error() {}, warn() {}, info() {}, debug() {} } as unknown as Logger;
  const recorder = createUsageRecorder(sqlite, logger, { batchSize: 1_000_000, intervalMs: 3_600_000, maxQueued: 1_000_000 });
  const random = randomSource(7);
  const records: UsageRecord[] = [];
  for (let index = 0; index < count; index++) {
    const modelRank = Math.floor(random() ** 3 * modelCount);
    const status = random() < 0.94 ? 200 : 429;
    records.push({
      requestId: newRequestId(),
      timestamp: dataset.end + index * 10,
      apiKeyId: 1 + Math.floor(random() ** 3 * keyCount),
      apiKeyName: "key",
      clientFormat: "openai-chat",
      requestedModel: modelName(modelRank),
      servedModel: modelName(modelRank),
      connection: connectionOf(modelRank),
      provider: providerOf(modelRank),
      combo: null,
      status,
      errorCode: status === 200 ? null : "rate_limited",
      attempts: 1,
      stream: true,
      latencyMs: 800,
      firstTokenMs: 80,
      inputTokens: 1000,
      outputTokens: 300,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: false,
      costUsd: 0.001,
      cacheHit: false,
      compressionSavedTokens: 0,
    });
  }
  const started = performance.now();
  for (let first = 0; first < count; first += 500) {
    for (const record of records.slice(first, first + 500)) recorder.record(record);
    recorder.flush();
  }
  const elapsed = performance.now() - started;
  recorder.stop();
  // Leave the records table as it was, so a kept database measures the same on the next run.
  sqlite.run("DELETE FROM usage_records WHERE id > ?", [dataset.maxId]);
  return (count / elapsed) * 1000;
}

export function datasetOf(sqlite: Database): Dataset {
  const row = sqlite.query<{ start: number; end: number; minId: number; maxId: number }, []>(
    "SELECT MIN(timestamp) AS start, MAX(timestamp) AS end, MIN(id) AS minId, MAX(id) AS maxId FROM usage_records",
  ).get()!;
  return row;
}

// ---------------------------------------------------------------------------------------------------------

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const formatMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const formatCount = (count: number) => Math.round(count).toLocaleString("en-US");

function megabytes(path: string): number {
  let total = 0;
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(path + suffix)) total += statSync(path + suffix).size;
  return total / 1024 / 1024;
}

/** The database as the gateway opens it, but with only the first `count` migrations (to compare schemas). */
function openWithMigrations(path: string, count: number): Database {
  const sqlite = new BunDatabase(path, { create: true, strict: true });
  sqlite.run("PRAGMA busy_timeout = 5000");
  sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run("PRAGMA synchronous = NORMAL");
  sqlite.run("CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  for (const migration of migrations.slice(0, count)) {
    sqlite.run(migration.sql);
    sqlite.run("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)", [migration.id, migration.name, Date.now()]);
  }
  return sqlite;
}

async function main() {
  const rows = Number(argument("rows") ?? 10_000_000);
  const days = Number(argument("days") ?? 90);
  const schema = Number(argument("migrations") ?? migrations.length);
  const reuse = argument("db");
  const keep = process.argv.includes("--keep") || reuse !== undefined;
  const directory = reuse ? undefined : mkdtempSync(join(tmpdir(), "amrouter-bench-usage-"));
  const path = reuse ?? join(directory!, "amrouter.db");
  console.log(`database: ${path}`);

  if (!reuse) {
    const sqlite = openWithMigrations(path, schema);
    let last = performance.now();
    const fill = fillUsage(sqlite, {
      rows,
      days,
      onProgress(done) {
        if (performance.now() - last > 10_000 || done === rows) {
          last = performance.now();
          process.stderr.write(`  ${formatCount(done)} rows\n`);
        }
      },
    });
    sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite.close();
    console.log(
      `fill (schema of migration ${schema}): ${formatCount(rows)} records in ${(fill.insertMs / 1000).toFixed(1)} s (${formatCount((rows / fill.insertMs) * 1000)}/s, ` +
        `indexes dropped), indexes rebuilt in ${(fill.indexMs / 1000).toFixed(1)} s, usage_hourly (${formatCount(fill.rollupRows)} rows) in ${(fill.rollupMs / 1000).toFixed(1)} s`,
    );
  } else {
    // Pending migrations on an existing, filled database: what the upgrade costs at boot.
    const sqlite = new BunDatabase(path);
    const started = performance.now();
    const applied = applyMigrations(sqlite);
    sqlite.close();
    if (applied > 0) console.log(`applied ${applied} pending migration(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  // A fresh connection with the gateway's own settings (default page cache), as the dashboard would see it.
  const storage = reuse || schema === migrations.length ? openStorage(path) : undefined;
  const sqlite = storage?.sqlite ?? openWithMigrations(path, 0);
  const dataset = datasetOf(sqlite);
  const counts = sqlite.query<{ records: number; hourly: number }, []>("SELECT (SELECT COUNT(*) FROM usage_records) AS records, (SELECT COUNT(*) FROM usage_hourly) AS hourly").get()!;
  const indexes = sqlite.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'usage%' ORDER BY name").all();
  const tables = sqlite.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'usage%' ORDER BY name").all();
  const schemaNow = sqlite.query<{ id: number }, []>("SELECT MAX(id) AS id FROM schema_migrations").get()!.id;
  console.log(`schema: migration ${schemaNow}; usage_records ${formatCount(counts.records)} rows, usage_hourly ${formatCount(counts.hourly)} rows, file ${megabytes(path).toFixed(0)} MB`);
  for (const table of tables) {
    if (table.name === "usage_records" || table.name === "usage_hourly") continue;
    const count = sqlite.query<{ count: number }, []>(`SELECT COUNT(*) AS count FROM ${table.name}`).get()!.count;
    console.log(`  ${table.name}: ${formatCount(count)} rows`);
  }
  console.log(`indexes: ${indexes.map((index) => index.name).join(", ")}`);

  if (storage && schemaNow === migrations.length) {
    const results = await measure(storage, dataset);
    const nameWidth = Math.max(...results.map((result) => result.name.length));
    console.log("");
    console.log(`${"query".padEnd(nameWidth)}  ${"ms".padStart(7)}  ${"max".padStart(7)}  ${"rows".padStart(9)}  plan`);
    for (const result of results) {
      const flag = result.medianMs > 100 && !result.bulk ? "!" : " ";
      console.log(
        `${result.name.padEnd(nameWidth)} ${flag}${formatMs(result.medianMs).padStart(7)}  ${formatMs(result.maxMs).padStart(7)}  ${formatCount(result.rows).padStart(9)}  ${result.plans.join(" | ")}`,
      );
    }
    console.log("(ms: median of 5; rows: rows returned, or response bytes for routes; ! over 100 ms)");
  } else console.log(`(queries skipped: they read the schema of migration ${migrations.length})`);

  const writerRows = Number(argument("writer-rows") ?? 100_000);
  console.log("");
  if (schemaNow === migrations.length) {
    const rate = measureWriter(sqlite, datasetOf(sqlite), writerRows);
    console.log(`batch writer (createUsageRecorder, 500 records per transaction, ${formatCount(writerRows)} records): ${formatCount(rate)} records/s`);
  } else console.log(`(batch writer skipped: it writes the schema of migration ${migrations.length})`);
  sqlite.close();
  console.log(`database size after the run: ${megabytes(path).toFixed(0)} MB`);
  if (!keep && directory) rmSync(directory, { recursive: true, force: true });
  else console.log(`kept: ${path}`);
}

if (import.meta.main) await main();
