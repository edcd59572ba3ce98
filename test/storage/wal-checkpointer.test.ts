// The gateway's own connection never checkpoints the write-ahead log inside a commit (that held the request thread
// for milliseconds); a worker thread does after writes, so the database file takes the pages, the log stays small,
// and shutdown leaves no log behind.
import { describe, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "../../src/logging/logger.ts";
import { openStorage } from "../../src/storage/database.ts";
import { createWalCheckpointer } from "../../src/storage/wal-checkpointer.ts";
import type { UsageRecord } from "../../src/usage/usage-record.ts";
import { createUsageRecorder } from "../../src/usage/usage-recorder.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

describe("WAL checkpoints off the request thread", () => {
  test("commits never checkpoint; the worker does, so the log stays small and the database file grows; stop empties the log", async () => {
    const path = join(temporaryDirectory(), "amrouter.db");
    const storage = openStorage(path);
    const logLines: string[] = [];
    const checkpointer = createWalCheckpointer(storage.sqlite, path, createLogger("debug", (line) => logLines.push(line)));
    let done = Promise.withResolvers<void>();
    checkpointer.onDone(() => done.resolve());
    expect(storage.sqlite.query<{ wal_autocheckpoint: number }, []>("PRAGMA wal_autocheckpoint").get()!.wal_autocheckpoint).toBe(10_000);

    storage.sqlite.run("CREATE TABLE filler (value TEXT)");
    const insert = storage.sqlite.prepare("INSERT INTO filler (value) VALUES (?)");
    const batch = storage.sqlite.transaction(() => {
      for (let row = 0; row < 200; row++) insert.run("x".repeat(2000));
    });
    const batchBytes = 200 * 2000;
    let largestLog = 0;
    for (let round = 0; round < 12; round++) {
      batch();
      largestLog = Math.max(largestLog, sizeOf(`${path}-wal`));
      checkpointer.wrote();
      if (checkpointer.checkpointing) {
        await done.promise;
        done = Promise.withResolvers<void>();
      }
      await Bun.sleep(260);
    }
    // Twelve batches went through: without checkpoints the log would hold all of them (about 5 MB).
    expect(largestLog).toBeLessThan(4 * batchBytes);
    expect(sizeOf(path)).toBeGreaterThan(8 * batchBytes);
    expect(logLines.join("")).not.toContain("background WAL checkpoints are off");

    checkpointer.stop();
    expect(sizeOf(`${path}-wal`)).toBe(0);
    expect(storage.sqlite.query<{ count: number }, []>("SELECT count(*) AS count FROM filler").get()!.count).toBe(2400);
    storage.close();
  });

  test("an in-memory database has no log to checkpoint", () => {
    const storage = openStorage(":memory:");
    const checkpointer = createWalCheckpointer(storage.sqlite, ":memory:", createLogger("error", () => undefined));
    checkpointer.wrote();
    expect(checkpointer.checkpointing).toBe(false);
    checkpointer.stop();
    storage.close();
  });

  test("while a checkpoint runs the usage writer holds its scheduled batches; an explicit flush writes at once", async () => {
    const storage = openStorage(join(temporaryDirectory(), "amrouter.db"));
    let checkpointing = true;
    const recorder = createUsageRecorder(storage.sqlite, createLogger("error", () => undefined), { batchSize: 2, intervalMs: 20, canWrite: () => !checkpointing });
    const record = (requestId: string): UsageRecord => ({
      requestId, timestamp: Date.now(), apiKeyId: null, apiKeyName: null, clientFormat: "openai-chat", requestedModel: "m", servedModel: "m",
      connection: "c", provider: "p", combo: null, status: 200, errorCode: null, attempts: 1, stream: false, latencyMs: 1, firstTokenMs: null,
      inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false, costUsd: 0, cacheHit: false,
      compressionSavedTokens: 0,
    });
    const written = () => storage.sqlite.query<{ count: number }, []>("SELECT count(*) AS count FROM usage_records").get()!.count;
    recorder.record(record("a"));
    recorder.record(record("b"));
    await Bun.sleep(60);
    expect(written()).toBe(0);
    checkpointing = false;
    await Bun.sleep(60);
    expect(written()).toBe(2);
    checkpointing = true;
    recorder.record(record("c"));
    expect(recorder.flush()).toBe(1);
    expect(written()).toBe(3);
    recorder.stop();
    storage.close();
  });

  test("writes that are not usage batches (retention, cache, settings) are checkpointed once the log grows past a few megabytes", async () => {
    const path = join(temporaryDirectory(), "amrouter.db");
    const storage = openStorage(path);
    const checkpointer = createWalCheckpointer(storage.sqlite, path, createLogger("error", () => undefined));
    storage.sqlite.run("CREATE TABLE filler (value TEXT)");
    const insert = storage.sqlite.prepare("INSERT INTO filler (value) VALUES (?)");
    const burst = storage.sqlite.transaction(() => {
      for (let row = 0; row < 2500; row++) insert.run("y".repeat(2000));
    });
    const burstBytes = 2500 * 2000;
    let largestLog = 0;
    for (let round = 0; round < 3; round++) {
      burst();
      largestLog = Math.max(largestLog, sizeOf(`${path}-wal`));
      await Bun.sleep(1600);
    }
    // Without a checkpoint the log would hold all three bursts.
    expect(largestLog).toBeLessThan(2.5 * burstBytes);
    expect(sizeOf(path)).toBeGreaterThan(2 * burstBytes);
    checkpointer.stop();
    storage.close();
  }, 15_000);

  test("a worker that does not answer is dropped for SQLite's own checkpoints, with a warning, and writes are not held", async () => {
    const path = join(temporaryDirectory(), "amrouter.db");
    const storage = openStorage(path);
    const logLines: string[] = [];
    const realWorker = globalThis.Worker;
    globalThis.Worker = class {
      onmessage: unknown;
      onerror: unknown;
      postMessage() {}
      terminate() {}
      unref() {}
    } as unknown as typeof Worker;
    try {
      const checkpointer = createWalCheckpointer(storage.sqlite, path, createLogger("warn", (line) => logLines.push(line)));
      checkpointer.wrote();
      expect(checkpointer.checkpointing).toBe(true);
      await Bun.sleep(2200);
      expect(checkpointer.checkpointing).toBe(false);
      expect(logLines.join("")).toContain("background WAL checkpoints are off");
      expect(storage.sqlite.query<{ wal_autocheckpoint: number }, []>("PRAGMA wal_autocheckpoint").get()!.wal_autocheckpoint).toBe(1000);
      checkpointer.wrote();
      expect(checkpointer.checkpointing).toBe(false);
      checkpointer.stop();
    } finally {
      globalThis.Worker = realWorker;
      storage.close();
    }
  });
});
