// The queries the usage benchmark times: what the overview, usage and logs pages, the CSV export, the budget
// limits and retention run, through the same functions and routes the gateway uses.
import type { Database } from "bun:sqlite";
import { Elysia } from "elysia";
import type { GatewayRuntime } from "../../src/gateway/gateway-runtime.ts";
import { usageBreakdownRoutes } from "../../src/http/admin/usage-breakdown-routes.ts";
import { usageExportRoutes } from "../../src/http/admin/usage-export-routes.ts";
import { usageRoutes } from "../../src/http/admin/usage-routes.ts";
import { sumSpendFromRollup, utcMonthStart } from "../../src/limits/budget-tracker.ts";
import type { Storage } from "../../src/storage/database.ts";
import { chunkedDeletes, runRetention } from "../../src/usage/retention.ts";
import { listUsageRecords } from "../../src/usage/request-log-query.ts";
import { findRequest, summarizeUsage, usageDimensions } from "../../src/usage/usage-queries.ts";
import { connectionOf, dayMs, keyCount, modelCount, modelName, providerOf, type Dataset } from "./synthetic-usage.ts";

export type BenchQuery = {
  name: string;
  /** Returns how many rows (or, for routes, response bytes) it produced, for the table. */
  run(sqlite: Database): number | Promise<number>;
  /** Changes data (retention): each sample runs in a transaction that is rolled back afterwards. */
  mutates?: boolean;
  /** Cost grows with the rows returned (a full CSV export), so the per-query target does not apply. */
  bulk?: boolean;
};

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
      run: async (db) => (await runRetention({ ...storage, sqlite: db }, dataset.start + dayMs + 30 * dayMs)).records,
    },
  ];
}

