// Old request records and captured bodies are deleted past the retention setting, while the rollups and the
// recent records stay.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createLogger } from "../../src/logging/logger.ts";
import { openStorage } from "../../src/storage/database.ts";
import { writeSetting } from "../../src/storage/repositories/settings-repository.ts";
import { listUsageRecords } from "../../src/usage/request-log-query.ts";
import { applyRetention } from "../../src/usage/retention.ts";
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
  test("records older than retention_days go, recent ones, the rollups and the filtered log of what is left stay", () => {
    const storage = openStorage(join(temporaryDirectory(), "amrouter.db"));
    const now = Date.UTC(2026, 10, 25);
    const recorder = createUsageRecorder(storage.sqlite, createLogger("error"));
    for (let index = 0; index < 2500; index++) recorder.record(record(`old-${index}`, now - 10 * dayMs + index));
    recorder.record(record("recent", now - dayMs));
    recorder.flush();
    recorder.stop();
    storage.sqlite.run("INSERT INTO request_captures (request_id, timestamp) VALUES ('old-0', ?)", [now - 10 * dayMs]);
    writeSetting(storage, "retention_days", "7");
    expect(applyRetention(storage, now)).toMatchObject({ records: 2500, captures: 1 });
    expect(storage.sqlite.query("SELECT request_id FROM usage_records").all()).toEqual([{ request_id: "recent" }]);
    expect(storage.sqlite.query("SELECT SUM(requests) AS requests FROM usage_hourly").get()).toEqual({ requests: 2501 });
    expect(listUsageRecords(storage.sqlite, { provider: "p" }).map((row) => row.request_id)).toEqual(["recent"]);
    expect(storage.sqlite.query("SELECT COUNT(*) AS hours FROM usage_hour_values WHERE hour < ?").get(now - 7 * dayMs)).toEqual({ hours: 0 });
    storage.close();
  });
});
