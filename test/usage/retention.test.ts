// Old request records and captured bodies are deleted past the retention setting, while the hourly totals stay.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openStorage } from "../../src/storage/database.ts";
import { writeSetting } from "../../src/storage/repositories/settings-repository.ts";
import { applyRetention } from "../../src/usage/retention.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

describe("retention", () => {
  test("records older than retention_days go, recent ones and the hourly rollup stay", () => {
    const storage = openStorage(join(temporaryDirectory(), "amrouter.db"));
    const now = Date.UTC(2026, 10, 25);
    const insert = storage.sqlite.prepare("INSERT INTO usage_records (request_id, timestamp, client_format, requested_model, status, latency_ms) VALUES (?, ?, 'openai-chat', 'm', 200, 5)");
    insert.run("old", now - 10 * 86_400_000);
    insert.run("recent", now - 86_400_000);
    storage.sqlite.run("INSERT INTO request_captures (request_id, timestamp) VALUES ('old', ?)", [now - 10 * 86_400_000]);
    storage.sqlite.run("INSERT INTO usage_hourly (hour, requests) VALUES (?, 2)", [now - 10 * 86_400_000]);
    writeSetting(storage, "retention_days", "7");
    expect(applyRetention(storage, now)).toMatchObject({ records: 1, captures: 1 });
    expect(storage.sqlite.query("SELECT request_id FROM usage_records").all()).toEqual([{ request_id: "recent" }]);
    expect(storage.sqlite.query("SELECT SUM(requests) AS requests FROM usage_hourly").get()).toEqual({ requests: 2 });
    storage.close();
  });
});
