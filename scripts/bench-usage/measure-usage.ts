// The usage benchmark's measurements: each dashboard query's median time and plans, and the real batch writer's
// speed on top of the filled tables.
import type { Database } from "bun:sqlite";
import { newRequestId } from "../../src/gateway/request-usage.ts";
import type { Logger } from "../../src/logging/logger.ts";
import type { Storage } from "../../src/storage/database.ts";
import { writeSetting } from "../../src/storage/repositories/settings-repository.ts";
import { retentionSettingKey } from "../../src/usage/retention.ts";
import type { UsageRecord } from "../../src/usage/usage-record.ts";
import { createUsageRecorder } from "../../src/usage/usage-recorder.ts";
import { dashboardQueries } from "./dashboard-queries.ts";
import { queryPlan, tracing, type TracedStatement } from "./query-tracing.ts";
import { connectionOf, keyCount, modelCount, modelName, providerOf, randomSource, type Dataset } from "./synthetic-usage.ts";

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
