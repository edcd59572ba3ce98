// Schema migrations as code, so they ship inside the compiled binary and run at boot. Append only: never edit a
// migration that has shipped; add a new one.
import { responseCacheTableSql } from "../cache/cache-table-sql.ts";
import { recordHourIndexBackfillSql } from "../usage/record-hour-index.ts";

export type Migration = { id: number; name: string; sql: string };

export const migrations: Migration[] = [
  {
    id: 1,
    name: "core tables",
    sql: `
      CREATE TABLE connections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        provider TEXT NOT NULL,
        base_url TEXT,
        credential_encrypted TEXT,
        credential_env TEXT,
        priority INTEGER NOT NULL DEFAULT 0,
        weight INTEGER NOT NULL DEFAULT 1,
        tags TEXT NOT NULL DEFAULT '[]',
        models TEXT NOT NULL DEFAULT '[]',
        enabled INTEGER NOT NULL DEFAULT 1,
        source TEXT NOT NULL DEFAULT 'api',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        key_hash TEXT NOT NULL UNIQUE,
        key_preview TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT 'client',
        source TEXT NOT NULL DEFAULT 'api',
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE TABLE combos (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        strategy TEXT NOT NULL DEFAULT 'priority',
        targets TEXT NOT NULL DEFAULT '[]',
        options TEXT NOT NULL DEFAULT '{}',
        source TEXT NOT NULL DEFAULT 'api',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: "usage records and hourly rollups",
    sql: `
      CREATE TABLE usage_records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        timestamp INTEGER NOT NULL,
        api_key_id INTEGER,
        api_key_name TEXT,
        client_format TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        served_model TEXT,
        connection TEXT,
        provider TEXT,
        combo TEXT,
        status INTEGER NOT NULL,
        error_code TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        stream INTEGER NOT NULL DEFAULT 0,
        latency_ms INTEGER NOT NULL,
        first_token_ms INTEGER,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        estimated INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        cache_hit INTEGER NOT NULL DEFAULT 0,
        compression_saved_tokens INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX usage_records_timestamp ON usage_records (timestamp);
      CREATE INDEX usage_records_key_timestamp ON usage_records (api_key_id, timestamp);
      CREATE TABLE usage_hourly (
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
      );
    `,
  },
  {
    id: 3,
    name: "request ids and captured bodies",
    sql: `
      ALTER TABLE usage_records ADD COLUMN request_id TEXT;
      CREATE INDEX usage_records_request_id ON usage_records (request_id);
      CREATE TABLE request_captures (
        request_id TEXT PRIMARY KEY,
        timestamp INTEGER NOT NULL,
        request_headers TEXT NOT NULL DEFAULT '{}',
        request_body TEXT,
        response_body TEXT,
        truncated INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX request_captures_timestamp ON request_captures (timestamp);
    `,
  },
  {
    id: 4,
    name: "response cache",
    sql: responseCacheTableSql,
  },
  {
    id: 5,
    name: "limits on keys and connections",
    sql: `
      ALTER TABLE api_keys ADD COLUMN limits TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE connections ADD COLUMN limits TEXT NOT NULL DEFAULT '{}';
      CREATE INDEX usage_hourly_key_hour ON usage_hourly (api_key_id, hour);
    `,
  },
  {
    id: 6,
    name: "price overrides per connection",
    sql: `ALTER TABLE connections ADD COLUMN prices TEXT NOT NULL DEFAULT '{}';`,
  },
  {
    id: 7,
    name: "usage at scale: request log indexes, record id range per hour, daily and narrow rollups",
    sql: usageScaleMigrationSql(),
  },
  {
    id: 8,
    name: "settings per connection",
    sql: `ALTER TABLE connections ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';`,
  },
];

/**
 * Migration 7's SQL (its backfill of the request log's hour index is in src/usage/record-hour-index.ts).
 * Generated because its five rollups share one shape; once released, what this returns must never change
 * (append a new migration instead).
 */
function usageScaleMigrationSql(): string {
  const measures = ["requests", "errors", "cache_hits", "input_tokens", "output_tokens", "cached_input_tokens", "reasoning_tokens", "cost_usd", "latency_ms_total"];
  const dimensionTypes: Record<string, string> = { api_key_id: "INTEGER NOT NULL DEFAULT 0", provider: "TEXT NOT NULL DEFAULT ''", model: "TEXT NOT NULL DEFAULT ''" };
  const dayOf = (row: string) => `(${row}.hour / 86400000) * 86400000`;
  const hourOf = (row: string) => `${row}.hour`;
  const rollups = [
    { table: "usage_daily", time: "day", bucket: dayOf, dimensions: ["api_key_id", "provider", "model"] },
    { table: "usage_hourly_by_model", time: "hour", bucket: hourOf, dimensions: ["provider", "model"] },
    { table: "usage_daily_by_model", time: "day", bucket: dayOf, dimensions: ["provider", "model"] },
    { table: "usage_hourly_by_key", time: "hour", bucket: hourOf, dimensions: ["api_key_id"] },
    { table: "usage_daily_by_key", time: "day", bucket: dayOf, dimensions: ["api_key_id"] },
  ];
  const statements: string[] = [
    // The request log is filtered through an hour index the batch writer keeps (src/usage/record-hour-index.ts),
    // not through per-row indexes, which would cost the request path a fifth of its throughput.
    "DROP INDEX usage_records_key_timestamp",
    "DROP INDEX usage_records_timestamp",
    "CREATE TABLE usage_record_hours (hour INTEGER PRIMARY KEY, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL)",
    `CREATE TABLE usage_hour_values (kind TEXT NOT NULL, value TEXT NOT NULL, hour INTEGER NOT NULL, requests INTEGER NOT NULL,
      errors INTEGER NOT NULL, PRIMARY KEY (kind, value, hour)) WITHOUT ROWID`,
    "CREATE INDEX usage_hour_values_hour ON usage_hour_values (hour)",
    ...recordHourIndexBackfillSql,
    // Filtered rollup reads by hour.
    "CREATE INDEX usage_hourly_model_hour ON usage_hourly (model, hour)",
    "CREATE INDEX usage_hourly_provider_hour ON usage_hourly (provider, hour)",
  ];
  const upsert = (rollup: (typeof rollups)[number], row: string, values: (measure: string) => string) => {
    const columns = [rollup.time, ...rollup.dimensions, ...measures].join(", ");
    const keyValues = [rollup.bucket(row), ...rollup.dimensions.map((dimension) => `${row}.${dimension}`)];
    return `INSERT INTO ${rollup.table} (${columns}) VALUES (${[...keyValues, ...measures.map(values)].join(", ")})
      ON CONFLICT (${[rollup.time, ...rollup.dimensions].join(", ")}) DO UPDATE SET ${measures.map((measure) => `${measure} = ${measure} + excluded.${measure}`).join(", ")};`;
  };
  for (const rollup of rollups) {
    const keyColumns = [rollup.time, ...rollup.dimensions];
    statements.push(
      `CREATE TABLE ${rollup.table} (${[
        `${rollup.time} INTEGER NOT NULL`,
        ...rollup.dimensions.map((dimension) => `${dimension} ${dimensionTypes[dimension]}`),
        ...measures.map((measure) => `${measure} ${measure === "cost_usd" ? "REAL" : "INTEGER"} NOT NULL DEFAULT 0`),
        `PRIMARY KEY (${keyColumns.join(", ")})`,
      ].join(", ")}) WITHOUT ROWID`,
      `INSERT INTO ${rollup.table} (${[...keyColumns, ...measures].join(", ")})
        SELECT ${[rollup.bucket("usage_hourly"), ...rollup.dimensions, ...measures.map((measure) => `SUM(${measure})`)].join(", ")}
        FROM usage_hourly GROUP BY ${keyColumns.map((_, index) => index + 1).join(", ")}`,
    );
  }
  statements.push(
    "CREATE INDEX usage_daily_key_day ON usage_daily (api_key_id, day)",
    "CREATE INDEX usage_daily_model_day ON usage_daily (model, day)",
    "CREATE INDEX usage_daily_provider_day ON usage_daily (provider, day)",
  );
  const sameKey = "OLD.hour = NEW.hour AND OLD.api_key_id = NEW.api_key_id AND OLD.provider = NEW.provider AND OLD.model = NEW.model";
  const trigger = (name: string, event: string, body: string[]) => `CREATE TRIGGER ${name} ${event} BEGIN\n${body.join("\n")}\nEND`;
  statements.push(
    trigger("usage_hourly_rollups_insert", "AFTER INSERT ON usage_hourly", rollups.map((rollup) => upsert(rollup, "NEW", (measure) => `NEW.${measure}`))),
    trigger("usage_hourly_rollups_update", `AFTER UPDATE ON usage_hourly WHEN ${sameKey}`, rollups.map((rollup) => upsert(rollup, "NEW", (measure) => `NEW.${measure} - OLD.${measure}`))),
    trigger("usage_hourly_rollups_move", `AFTER UPDATE ON usage_hourly WHEN NOT (${sameKey})`, [
      ...rollups.map((rollup) => upsert(rollup, "OLD", (measure) => `-OLD.${measure}`)),
      ...rollups.map((rollup) => upsert(rollup, "NEW", (measure) => `NEW.${measure}`)),
    ]),
    trigger("usage_hourly_rollups_delete", "AFTER DELETE ON usage_hourly", rollups.map((rollup) => upsert(rollup, "OLD", (measure) => `-OLD.${measure}`))),
  );
  return statements.map((statement) => `${statement};`).join("\n");
}
