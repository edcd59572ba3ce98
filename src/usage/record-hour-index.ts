// The request log's index by hour, kept by the batch writer instead of per-row B-tree indexes on usage_records
// (which cost a fifth of the gateway's throughput): usage_record_hours holds the first and last record id of
// each hour, and usage_hour_values which hours hold records of each key, model (requested or served),
// provider and connection, with their error counts. A filtered log page reads only the id ranges of the hours
// its filters appear in (src/usage/usage-queries.ts). A batch adds a few upserts, not five index entries per row.
import type { Database } from "bun:sqlite";
import type { UsageRecord } from "./usage-record.ts";

const hourMs = 3_600_000;

export type HourValueKind = "key" | "model" | "provider" | "connection";

/** Fills both tables from usage_records as they stand (migration 7, and the usage benchmark's bulk load). */
export const recordHourIndexBackfillSql = [
  `INSERT INTO usage_record_hours (hour, first_id, last_id)
    SELECT (timestamp / ${hourMs}) * ${hourMs}, MIN(id), MAX(id) FROM usage_records GROUP BY 1`,
  ...[
    ["key", "CAST(api_key_id AS TEXT)", "api_key_id IS NOT NULL"],
    ["model", "requested_model", "requested_model IS NOT NULL"],
    ["model", "served_model", "served_model IS NOT NULL AND served_model IS NOT requested_model"],
    ["provider", "provider", "provider IS NOT NULL"],
    ["connection", "connection", "connection IS NOT NULL"],
  ].map(
    ([kind, value, condition]) => `INSERT INTO usage_hour_values (kind, value, hour, requests, errors)
      SELECT '${kind}', ${value}, (timestamp / ${hourMs}) * ${hourMs}, COUNT(*), SUM(status >= 400) FROM usage_records WHERE ${condition} GROUP BY 2, 3
      ON CONFLICT (kind, value, hour) DO UPDATE SET requests = requests + excluded.requests, errors = errors + excluded.errors`,
  ),
];

export type RecordHourIndexWriter = {
  /** Forgets what an earlier batch noted (one that failed and was rolled back is retried from scratch). */
  begin(): void;
  /** Notes one record the batch inserted with `id`. */
  add(record: UsageRecord, id: number): void;
  /** Writes what the batch added (inside the batch's transaction) and starts over. */
  write(): void;
};

export function createRecordHourIndexWriter(sqlite: Database): RecordHourIndexWriter {
  const upsertHour = sqlite.prepare(`INSERT INTO usage_record_hours (hour, first_id, last_id) VALUES (?, ?, ?)
    ON CONFLICT (hour) DO UPDATE SET first_id = MIN(first_id, excluded.first_id), last_id = MAX(last_id, excluded.last_id)`);
  const upsertValue = sqlite.prepare(`INSERT INTO usage_hour_values (kind, value, hour, requests, errors) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (kind, value, hour) DO UPDATE SET requests = requests + excluded.requests, errors = errors + excluded.errors`);
  let hours = new Map<number, [number, number]>();
  let values = new Map<string, [HourValueKind, string, number, number, number]>();

  const count = (kind: HourValueKind, value: string, hour: number, error: boolean) => {
    const key = `${kind}\u0000${value}\u0000${hour}`;
    const row = values.get(key);
    if (row) {
      row[3] += 1;
      row[4] += error ? 1 : 0;
    } else values.set(key, [kind, value, hour, 1, error ? 1 : 0]);
  };

  return {
    begin() {
      hours = new Map();
      values = new Map();
    },
    add(record, id) {
      const hour = Math.floor(record.timestamp / hourMs) * hourMs;
      const range = hours.get(hour);
      if (range) {
        if (id < range[0]) range[0] = id;
        if (id > range[1]) range[1] = id;
      } else hours.set(hour, [id, id]);
      const error = record.status >= 400;
      if (record.apiKeyId !== null) count("key", String(record.apiKeyId), hour, error);
      count("model", record.requestedModel, hour, error);
      if (record.servedModel !== null && record.servedModel !== record.requestedModel) count("model", record.servedModel, hour, error);
      if (record.provider !== null) count("provider", record.provider, hour, error);
      if (record.connection !== null) count("connection", record.connection, hour, error);
    },
    write() {
      for (const [hour, [first, last]] of hours) upsertHour.run(hour, first, last);
      for (const row of values.values()) upsertValue.run(...row);
      hours = new Map();
      values = new Map();
    },
  };
}
