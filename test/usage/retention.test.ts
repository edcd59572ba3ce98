// Old request records and captured bodies are deleted past the retention setting, while the rollups and the
// recent records stay.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createLogger } from "../../src/logging/logger.ts";
import { openStorage } from "../../src/storage/database.ts";
import { writeSetting } from "../../src/storage/repositories/settings-repository.ts";
import { listUsageRecords } from "../../src/usage/request-log-query.ts";
import { runRetention } from "../../src/usage/retention.ts";
import type { UsageRecord } from "../../src/usage/usage-record.ts";
import { createUsageRecorder } from "../../src/usage/usage-recorder.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

const dayMs = 86_400_000;

function record(requestId: string, timestamp: number): UsageRecord {
  return {
    requestId, timestamp, apiKeyId: 1, apiKeyName: "app", clientFormat: "openai-chat", requestedModel: "m", servedModel: "m", connection: "c",
    provider: "p", combo: null, status: 200, errorCode: null, attempts: 1, stream: false, latencyMs: 5, firstTokenMs: null, inputTokens: 1,
    outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false, costUsd: 0, cacheHit: false, compressionSavedTokens: 0,
  };
}

describe("retention", () => {
  test("records older than retention_days go, recent ones, the rollups and the filtered log of what is left stay", async () => {
    const storage = openStorage(join(temporaryDirectory(), "amrouter.db"));
    const now = Date.UTC(2026, 10, 25);
    const recorder = createUsageRecorder(storage.sqlite, createLogger("error"));
    for (let index = 0; index < 2500; index++) recorder.record(record(`old-${index}`, now - 10 * dayMs + index));
    recorder.record(record("recent", now - dayMs));
    recorder.flush();
    recorder.stop();
    storage.sqlite.run("INSERT INTO request_captures (request_id, timestamp) VALUES ('old-0', ?)", [now - 10 * dayMs]);
    writeSetting(storage, "retention_days", "7");
    expect(await runRetention(storage, now)).toMatchObject({ records: 2500, captures: 1 });
    expect(storage.sqlite.query("SELECT request_id FROM usage_records").all()).toEqual([{ request_id: "recent" }]);
    expect(storage.sqlite.query("SELECT SUM(requests) AS requests FROM usage_hourly").get()).toEqual({ requests: 2501 });
    expect(listUsageRecords(storage.sqlite, { provider: "p" }).map((row) => row.request_id)).toEqual(["recent"]);
    expect(storage.sqlite.query("SELECT COUNT(*) AS hours FROM usage_hour_values WHERE hour < ?").get(now - 7 * dayMs)).toEqual({ hours: 0 });
    storage.close();
  });
});

describe("the request log's hour index", () => {
  test("a batch that fails and is written again is counted once; a fractional beforeId keeps the row below it", () => {
    const storage = openStorage(join(temporaryDirectory(), "amrouter.db"));
    const sqlite = storage.sqlite;
    const recorder = createUsageRecorder(sqlite, createLogger("error", () => {}), { intervalMs: 1e9 });
    const now = Date.UTC(2026, 10, 25, 5, 10);
    // A failure on the batch's third insert, like a full disk mid-transaction, then recovery.
    sqlite.run("CREATE TABLE fail_switch (armed INTEGER)");
    sqlite.run("INSERT INTO fail_switch VALUES (1)");
    sqlite.run(`CREATE TRIGGER fail_third BEFORE INSERT ON usage_records WHEN NEW.request_id = 'r2' AND (SELECT armed FROM fail_switch) = 1
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    for (let index = 0; index < 3; index++) recorder.record({ ...record(`r${index}`, now + index), status: 500 });
    expect(recorder.flush()).toBe(0);
    expect(recorder.flush()).toBe(0);
    sqlite.run("UPDATE fail_switch SET armed = 0");
    expect(recorder.flush()).toBe(3);
    recorder.stop();
    expect(sqlite.query("SELECT DISTINCT requests, errors FROM usage_hour_values").all()).toEqual([{ requests: 3, errors: 3 }]);
    const ids = listUsageRecords(sqlite, { provider: "p" }).map((row) => row.id as number);
    expect(ids).toHaveLength(3);
    expect(listUsageRecords(sqlite, { provider: "p", beforeId: ids[1]! + 0.5 }).map((row) => row.id)).toEqual(ids.slice(1));
    storage.close();
  });
});
