import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createSqlitePersistence, type CachePersistence } from "../../src/cache/cache-persistence.ts";
import { createResponseCache } from "../../src/cache/response-cache.ts";
import type { IrResponse } from "../../src/protocol/ir.ts";
import { openStorage, type Storage } from "../../src/storage/database.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

const response: IrResponse = {
  id: "resp-1",
  model: "m",
  created: 1,
  parts: [{ type: "reasoning", text: "hmm", signature: { family: "anthropic", value: "sig" } }, { type: "text", text: "Persisted ✓" }],
  finishReason: "stop",
  usage: { inputTokens: 5, outputTokens: 2 },
};
const json = JSON.stringify(response);

let dataDirectory: string;
let storage: Storage;
const opened: CachePersistence[] = [];

function openDatabase(): Storage {
  return openStorage(join(dataDirectory, "amrouter.db"));
}

function persistence(options: Parameters<typeof createSqlitePersistence>[1] = {}): CachePersistence {
  const created = createSqlitePersistence(storage.sqlite, options);
  opened.push(created);
  return created;
}

const rowCount = () => storage.sqlite.query<{ count: number }, []>("SELECT COUNT(*) AS count FROM response_cache").get()!.count;

beforeEach(() => {
  dataDirectory = temporaryDirectory("amrouter-cache-");
  storage = openDatabase();
});

afterEach(() => {
  for (const created of opened.splice(0)) created.stop();
  storage.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe("createSqlitePersistence", () => {
  test("the table SQL creates response_cache with its expiry index", () => {
    const columns = storage.sqlite.query<{ name: string }, []>("PRAGMA table_info(response_cache)").all().map((column) => column.name);
    expect(columns).toEqual(["key", "response", "created_at", "expires_at"]);
    const indexes = storage.sqlite.query<{ name: string }, []>("PRAGMA index_list(response_cache)").all().map((index) => index.name);
    expect(indexes).toContain("response_cache_expires_at");
  });

  test("save is write-behind: nothing written until the flush, but load already sees it", () => {
    const store = persistence({ flushIntervalMs: 60_000 });
    store.save("k", json, 5_000);
    expect(rowCount()).toBe(0);
    expect(store.load("k", 1_000)).toEqual({ json, expiresAt: 5_000 });
    store.flush();
    expect(rowCount()).toBe(1);
    expect(store.load("k", 1_000)).toEqual({ json, expiresAt: 5_000 });
  });

  test("the timer flushes queued writes together after the interval", async () => {
    const store = persistence({ flushIntervalMs: 20 });
    for (let index = 0; index < 50; index++) store.save(`k${index}`, json, Date.now() + 60_000);
    store.save("k0", "{}", Date.now() + 60_000);
    expect(rowCount()).toBe(0);
    await Bun.sleep(60);
    expect(rowCount()).toBe(50);
    expect(store.load("k0", Date.now())?.json).toBe("{}");
  });

  test("round trip across a restart through the response cache, keeping the original expiry", () => {
    let time = 10_000;
    const now = () => time;
    const first = createResponseCache({ ttlMs: 1_000, now, persistence: persistence({ now }) });
    first.set("k", response);
    opened[0]!.stop();
    storage.close();

    storage = openDatabase();
    const second = createResponseCache({ ttlMs: 1_000, now, persistence: persistence({ now }) });
    expect(second.size).toBe(0);
    time += 500;
    expect(second.get("k")).toEqual(response);
    expect(second.size).toBe(1);
    expect(second.stats().hits).toBe(1);
    time += 500;
    expect(second.get("k")).toBeUndefined();
  });

  test("expired rows are not loaded, and deleteExpired removes them", () => {
    const store = persistence();
    store.save("old", json, 1_000);
    store.save("fresh", json, 3_000);
    store.flush();
    expect(store.load("old", 1_000)).toBeUndefined();
    expect(store.load("fresh", 1_000)?.expiresAt).toBe(3_000);
    expect(store.deleteExpired(2_000)).toBe(1);
    expect(rowCount()).toBe(1);
    expect(store.deleteExpired(2_000)).toBe(0);
  });

  test("expired rows are swept when a persistence starts", () => {
    const store = persistence();
    store.save("old", json, Date.now() - 1);
    store.save("fresh", json, Date.now() + 60_000);
    store.flush();
    expect(rowCount()).toBe(2);
    persistence();
    expect(rowCount()).toBe(1);
  });

  test("remove is queued like a write; clear empties table and queue", () => {
    const store = persistence({ flushIntervalMs: 60_000 });
    store.save("a", json, Date.now() + 60_000);
    store.save("b", json, Date.now() + 60_000);
    store.flush();
    store.remove("a");
    expect(store.load("a", Date.now())).toBeUndefined();
    expect(rowCount()).toBe(2);
    store.flush();
    expect(rowCount()).toBe(1);
    store.save("c", json, Date.now() + 60_000);
    store.clear();
    store.flush();
    expect(rowCount()).toBe(0);
    expect(store.load("c", Date.now())).toBeUndefined();
  });

  test("cache delete and clear reach the persistence", () => {
    const store = persistence();
    const cache = createResponseCache({ persistence: store });
    cache.set("a", response);
    cache.set("b", response);
    cache.delete("a");
    store.flush();
    expect(rowCount()).toBe(1);
    cache.clear();
    expect(rowCount()).toBe(0);
    expect(cache.get("b")).toBeUndefined();
  });

  test("non-cacheable and oversized answers are not persisted", () => {
    const store = persistence();
    const cache = createResponseCache({ maxBytes: 100, persistence: store });
    cache.set("error", { ...response, finishReason: "error" });
    cache.set("large", response);
    store.flush();
    expect(rowCount()).toBe(0);
  });

  test("stop flushes what is queued", () => {
    const store = persistence({ flushIntervalMs: 60_000 });
    store.save("k", json, Date.now() + 60_000);
    store.stop();
    expect(rowCount()).toBe(1);
  });

  test("a broken database costs a miss and a lost write, never an exception", () => {
    const errors: string[] = [];
    const store = persistence({ flushIntervalMs: 60_000, onError: (error) => errors.push(error.message) });
    storage.sqlite.run("DROP TABLE response_cache");
    expect(store.load("k", Date.now())).toBeUndefined();
    store.save("k", json, Date.now() + 60_000);
    expect(() => store.flush()).not.toThrow();
    expect(errors.length).toBe(2);
  });
});
