// Reads usage for the dashboard and /api/usage: totals and time series from the rollups (fast at millions of
// records), and one request for the inspector. The request log's pages are src/usage/request-log-query.ts.
//
// Rollups: the batch writer maintains usage_hourly (hour, key, provider, model); triggers on it keep four more in
// step (migration 7): usage_daily (the same per UTC day), and narrow ones per hour and per day by model (with its
// provider) and by key, a few hundred rows per bucket however many key and model combinations there are. A
// query reads the narrowest rollup that still has its filters and grouping, and a day-bucketed range reads whole
// days from the daily table and only the partial days at its ends from the hourly one.
import type { Database } from "bun:sqlite";

export type UsageBucket = "hour" | "day";
export type UsageGroup = "key" | "model" | "provider";

export type UsageSummaryRow = {
  bucket: number;
  group: string | null;
  requests: number;
  errors: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  costUsd: number;
  averageLatencyMs: number;
};

export type UsageSummaryOptions = {
  from: number;
  to: number;
  bucket: UsageBucket;
  groupBy?: UsageGroup;
  /** Filters on the rollup (0 is "no key"), as the Usage page's breakdown offers them. */
  apiKeyId?: number;
  model?: string;
  provider?: string;
};

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const groupColumn: Record<UsageGroup, string> = { key: "CAST(api_key_id AS TEXT)", model: "model", provider: "provider" };
const measures = "requests, errors, cache_hits, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, latency_ms_total";

type Rollup = { hourly: string; daily: string };
const everyDimension: Rollup = { hourly: "usage_hourly", daily: "usage_daily" };
const byModel: Rollup = { hourly: "usage_hourly_by_model", daily: "usage_daily_by_model" };
const byKey: Rollup = { hourly: "usage_hourly_by_key", daily: "usage_daily_by_key" };

/**
 * Rollup rows for hours in [from's hour, to) as a UNION ALL of at most three range reads: whole UTC days from the
 * daily table (its `day` returned as `hour`) when `days` allows, the partial days at either end from the hourly
 * one. `columns` is the select list after the time column.
 */
function rollupRows(rollup: Rollup, options: UsageSummaryOptions, days: boolean, columns: string): { sql: string; values: Array<string | number> } {
  const fromHour = Math.floor(options.from / hourMs) * hourMs;
  const filters: string[] = [];
  const filterValues: Array<string | number> = [];
  if (options.apiKeyId !== undefined) (filters.push("api_key_id = ?"), filterValues.push(options.apiKeyId));
  if (options.model !== undefined) (filters.push("model = ?"), filterValues.push(options.model));
  if (options.provider !== undefined) (filters.push("provider = ?"), filterValues.push(options.provider));
  const parts: string[] = [];
  const values: Array<string | number> = [];
  const read = (daily: boolean, from: number, to: number) => {
    const [table, time] = daily ? [rollup.daily, "day"] : [rollup.hourly, "hour"];
    parts.push(`SELECT ${time} AS hour, ${columns} FROM ${table} WHERE ${[`${time} >= ?`, `${time} < ?`, ...filters].join(" AND ")}`);
    values.push(from, to, ...filterValues);
  };
  // A day comes from the daily table only when every hour row it sums is inside the range.
  const firstDay = Math.ceil(fromHour / dayMs) * dayMs;
  const endDay = Math.floor(options.to / dayMs) * dayMs;
  if (days && firstDay < endDay) {
    if (fromHour < firstDay) read(false, fromHour, firstDay);
    read(true, firstDay, endDay);
    if (endDay < options.to) read(false, endDay, options.to);
  } else read(false, fromHour, options.to);
  return { sql: parts.join(" UNION ALL "), values };
}

export function summarizeUsage(sqlite: Database, options: UsageSummaryOptions): UsageSummaryRow[] {
  const bucketSize = options.bucket === "day" ? dayMs : hourMs;
  const filtered = options.apiKeyId !== undefined || options.model !== undefined || options.provider !== undefined;
  const rollup = filtered ? everyDimension : options.groupBy === "model" || options.groupBy === "provider" ? byModel : byKey;
  const group = options.groupBy ? groupColumn[options.groupBy] : "NULL";
  const rows = rollupRows(rollup, options, options.bucket === "day", `${group} AS grouped, ${measures}`);
  return sqlite
    .query<UsageSummaryRow, Array<string | number>>(
      `SELECT (hour / ${bucketSize}) * ${bucketSize} AS bucket, grouped AS "group", SUM(requests) AS requests, SUM(errors) AS errors,
        SUM(cache_hits) AS cacheHits, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
        SUM(cached_input_tokens) AS cachedInputTokens, SUM(reasoning_tokens) AS reasoningTokens, SUM(cost_usd) AS costUsd,
        CASE WHEN SUM(requests) = 0 THEN 0 ELSE SUM(latency_ms_total) * 1.0 / SUM(requests) END AS averageLatencyMs
      FROM (${rows.sql}) GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(...rows.values);
}

/** The models and providers with usage in a range (the Usage page's filter lists). */
export function usageDimensions(sqlite: Database, options: { from: number; to: number }): { models: string[]; providers: string[] } {
  const rows = rollupRows(byModel, { ...options, bucket: "day" }, true, "provider, model");
  const found = sqlite.query<{ model: string; provider: string }, Array<string | number>>(`SELECT DISTINCT model, provider FROM (${rows.sql})`).all(...rows.values);
  return {
    models: [...new Set(found.map((row) => row.model).filter(Boolean))].sort(),
    providers: [...new Set(found.map((row) => row.provider).filter(Boolean))].sort(),
  };
}

/** One request for the inspector: its usage record and, when capture was on, its headers and bodies. */
export function findRequest(sqlite: Database, requestId: string): { record: Record<string, unknown>; capture: Record<string, unknown> | null } | undefined {
  const record = sqlite.query<Record<string, unknown>, [string]>("SELECT * FROM usage_records WHERE request_id = ?").get(requestId);
  if (!record) return undefined;
  const capture = sqlite.query<Record<string, unknown>, [string]>("SELECT * FROM request_captures WHERE request_id = ?").get(requestId);
  if (capture && typeof capture.request_headers === "string") capture.request_headers = JSON.parse(capture.request_headers);
  return { record, capture: capture ?? null };
}
