// Synthetic usage for the usage benchmark and test/usage/usage-scale.test.ts: millions of records skewed like real
// traffic, loaded in bulk, with the rollups and the request log's hour index built from them.
import type { Database } from "bun:sqlite";
import { recordHourIndexBackfillSql } from "../../src/usage/record-hour-index.ts";

const hourMs = 3_600_000;
export const dayMs = 86_400_000;

// Synthetic data: skewed like real traffic (a few keys and models carry most requests), ids in completion order
// and timestamps at request start, as the gateway writes them.

export const keyCount = 50;
export const modelCount = 200;
export const providerCount = 20;
const combos = ["fast", "smart", "cheap", "vision", "long-context"];

/** Deterministic, so two runs fill the same rows. */
export function randomSource(seed: number): () => number {
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


export type Dataset = { start: number; end: number; minId: number; maxId: number };

export function datasetOf(sqlite: Database): Dataset {
  const row = sqlite.query<{ start: number; end: number; minId: number; maxId: number }, []>(
    "SELECT MIN(timestamp) AS start, MAX(timestamp) AS end, MIN(id) AS minId, MAX(id) AS maxId FROM usage_records",
  ).get()!;
  return row;
}
