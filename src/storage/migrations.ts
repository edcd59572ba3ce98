// Schema migrations as code, so they ship inside the compiled binary and run at boot. Append only: never edit a
// migration that has shipped; add a new one.
import { responseCacheTableSql } from "../cache/cache-table-sql.ts";

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
    name: "settings per connection",
    sql: `ALTER TABLE connections ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';`,
  },
];
