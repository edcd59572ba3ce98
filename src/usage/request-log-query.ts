// The request log (GET /api/logs, the CSV export): records newest first, in pages, with filters. usage_records
// has no per-column indexes (they would slow every write); instead the hour index the batch writer keeps
// (src/usage/record-hour-index.ts) says which hours hold a filter's key, model, provider or connection (or any
// errors), and each such hour's first and last record id turn it into a primary-key range. A page reads those
// ranges newest first and stops once it is full, so a rare filter reads only the hours it appears in and a
// common one only the newest hour or two.
import type { Database } from "bun:sqlite";
import type { HourValueKind } from "./record-hour-index.ts";

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

type Row = Record<string, unknown>;
type IdRange = { low: number; high: number };

const hourMs = 3_600_000;
const largestId = Number.MAX_SAFE_INTEGER;

/** Hour bounds of the filters' time range: [first hour, end) in hour starts. */
function hourBounds(filters: UsageRecordFilters): { fromHour: number; toHour: number } {
  return {
    fromHour: filters.from === undefined ? 0 : Math.floor(filters.from / hourMs) * hourMs,
    toHour: filters.to === undefined ? largestId : filters.to,
  };
}

function dimensionFilters(filters: UsageRecordFilters): Array<[HourValueKind, string]> {
  const found: Array<[HourValueKind, string]> = [];
  if (filters.apiKeyId !== undefined) found.push(["key", String(filters.apiKeyId)]);
  if (filters.model !== undefined) found.push(["model", filters.model]);
  if (filters.provider !== undefined) found.push(["provider", filters.provider]);
  if (filters.connection !== undefined) found.push(["connection", filters.connection]);
  return found;
}

/** The id ranges a page may find matches in, newest first and disjoint. */
function candidateRanges(sqlite: Database, filters: UsageRecordFilters): IdRange[] {
  const { fromHour, toHour } = hourBounds(filters);
  const dimensions = dimensionFilters(filters);
  const errorsOnly = filters.status === "error";
  if (dimensions.length === 0 && !errorsOnly) {
    if (filters.from === undefined && filters.to === undefined) return [{ low: 0, high: largestId }];
    const range = sqlite
      .query<{ low: number | null; high: number | null }, [number, number]>("SELECT MIN(first_id) AS low, MAX(last_id) AS high FROM usage_record_hours WHERE hour >= ? AND hour < ?")
      .get(fromHour, toHour);
    return range?.low == null || range.high == null ? [] : [{ low: range.low, high: range.high }];
  }
  const hourSets: string[] = [];
  const values: Array<string | number> = [];
  for (const [kind, value] of dimensions) {
    hourSets.push(`SELECT hour FROM usage_hour_values WHERE kind = ? AND value = ? AND hour >= ? AND hour < ?${errorsOnly ? " AND errors > 0" : ""}`);
    values.push(kind, value, fromHour, toHour);
  }
  if (dimensions.length === 0) {
    hourSets.push("SELECT hour FROM usage_hourly_by_key WHERE hour >= ? AND hour < ? GROUP BY hour HAVING SUM(errors) > 0");
    values.push(fromHour, toHour);
  }
  const hours = sqlite
    .query<{ first_id: number; last_id: number }, Array<string | number>>(
      `SELECT first_id, last_id FROM usage_record_hours WHERE hour IN (${hourSets.join(" INTERSECT ")}) ORDER BY last_id DESC`,
    )
    .all(...values);
  // Neighbouring hours can overlap a little (a record is filed under the hour its request started): merge them.
  const ranges: IdRange[] = [];
  for (const hour of hours) {
    const last = ranges.at(-1);
    if (last && hour.last_id >= last.low - 1) last.low = Math.min(last.low, hour.first_id);
    else ranges.push({ low: hour.first_id, high: hour.last_id });
  }
  return ranges;
}

export function listUsageRecords(sqlite: Database, filters: UsageRecordFilters): Row[] {
  const where: string[] = [];
  const values: Array<string | number> = [];
  const add = (clause: string, ...clauseValues: Array<string | number | undefined>) => {
    if (clauseValues[0] === undefined) return;
    where.push(clause);
    values.push(...(clauseValues as Array<string | number>));
  };
  add("timestamp >= ?", filters.from);
  add("timestamp < ?", filters.to);
  add("api_key_id = ?", filters.apiKeyId);
  add("(requested_model = ? OR served_model = ?)", filters.model, filters.model);
  add("provider = ?", filters.provider);
  add("connection = ?", filters.connection);
  if (filters.status === "ok") where.push("status < 400");
  if (filters.status === "error") where.push("status >= 400");
  const limit = Math.min(Math.max(Math.floor(filters.limit ?? 100), 1), 1000);
  const ceiling = filters.beforeId === undefined ? largestId : Math.ceil(filters.beforeId) - 1;
  const read = sqlite.query<Row, Array<string | number>>(
    `SELECT * FROM usage_records WHERE id >= ? AND id <= ?${where.map((clause) => ` AND ${clause}`).join("")} ORDER BY id DESC LIMIT ?`,
  );
  const page: Row[] = [];
  for (const range of candidateRanges(sqlite, filters)) {
    const high = Math.min(range.high, ceiling);
    if (high < range.low) continue;
    page.push(...read.all(range.low, high, ...values, limit - page.length));
    if (page.length >= limit) break;
  }
  return page;
}
