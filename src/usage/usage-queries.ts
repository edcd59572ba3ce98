// Reads usage for the dashboard and /api/usage: totals and time series from the hourly rollup (fast at millions
// of records), and individual records with filters for the request log.
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

const groupColumn: Record<UsageGroup, string> = { key: "CAST(api_key_id AS TEXT)", model: "model", provider: "provider" };

export function summarizeUsage(sqlite: Database, options: { from: number; to: number; bucket: UsageBucket; groupBy?: UsageGroup }): UsageSummaryRow[] {
  const bucketSize = options.bucket === "day" ? 86_400_000 : 3_600_000;
  const group = options.groupBy ? groupColumn[options.groupBy] : "NULL";
  return sqlite
    .query<UsageSummaryRow, [number, number, number, number]>(
      `SELECT (hour / ?) * ? AS bucket, ${group} AS "group", SUM(requests) AS requests, SUM(errors) AS errors, SUM(cache_hits) AS cacheHits,
        SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens, SUM(cached_input_tokens) AS cachedInputTokens,
        SUM(reasoning_tokens) AS reasoningTokens, SUM(cost_usd) AS costUsd,
        CASE WHEN SUM(requests) = 0 THEN 0 ELSE SUM(latency_ms_total) * 1.0 / SUM(requests) END AS averageLatencyMs
      FROM usage_hourly WHERE hour >= ? AND hour < ? GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(bucketSize, bucketSize, Math.floor(options.from / 3_600_000) * 3_600_000, options.to);
}

export type UsageRecordFilters = {
  from?: number;
  to?: number;
  apiKeyId?: number;
  model?: string;
  provider?: string;
  connection?: string;
  status?: "ok" | "error";
  beforeId?: number;
  limit?: number;
};

export function listUsageRecords(sqlite: Database, filters: UsageRecordFilters): Array<Record<string, unknown>> {
  const where: string[] = [];
  const values: Array<string | number> = [];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    values.push(value);
  };
  add("timestamp >= ?", filters.from);
  add("timestamp < ?", filters.to);
  add("api_key_id = ?", filters.apiKeyId);
  add("(requested_model = ? OR served_model = ?)", filters.model);
  if (filters.model !== undefined) values.push(filters.model);
  add("provider = ?", filters.provider);
  add("connection = ?", filters.connection);
  add("id < ?", filters.beforeId);
  if (filters.status === "ok") where.push("status < 400");
  if (filters.status === "error") where.push("status >= 400");
  const limit = Math.min(Math.max(filters.limit ?? 100, 1), 1000);
  return sqlite
    .query<Record<string, unknown>, Array<string | number>>(`SELECT * FROM usage_records ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ${limit}`)
    .all(...values);
}

/** Deletes records older than the retention; the hourly rollup keeps their totals. */
export function deleteUsageOlderThan(sqlite: Database, cutoff: number): number {
  return sqlite.run("DELETE FROM usage_records WHERE timestamp < ?", [cutoff]).changes;
}

/** One request for the inspector: its usage record and, when capture was on, its headers and bodies. */
export function findRequest(sqlite: Database, requestId: string): { record: Record<string, unknown>; capture: Record<string, unknown> | null } | undefined {
  const record = sqlite.query<Record<string, unknown>, [string]>("SELECT * FROM usage_records WHERE request_id = ?").get(requestId);
  if (!record) return undefined;
  const capture = sqlite.query<Record<string, unknown>, [string]>("SELECT * FROM request_captures WHERE request_id = ?").get(requestId);
  if (capture && typeof capture.request_headers === "string") capture.request_headers = JSON.parse(capture.request_headers);
  return { record, capture: capture ?? null };
}
