import { describe, expect, test } from "bun:test";
import { createResponseCache, defaultCacheMaxBytes, defaultCacheTtlMs, isCacheable } from "../../src/cache/response-cache.ts";
import type { IrFinishReason, IrResponse } from "../../src/protocol/ir.ts";

function answer(text: string, finishReason: IrFinishReason = "stop"): IrResponse {
  return { id: `id-${text.length}`, model: "m", created: 1, parts: [{ type: "text", text }], finishReason, usage: { inputTokens: 1, outputTokens: 1 } };
}

const bytesOf = (response: IrResponse) => Buffer.byteLength(JSON.stringify(response), "utf8");

function clock(start = 1_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("isCacheable", () => {
  test("stop, length and tool_calls only", () => {
    const verdicts = Object.fromEntries((["stop", "length", "tool_calls", "content_filter", "refusal", "error", "other"] as const).map((reason) => [reason, isCacheable(answer("x", reason))]));
    expect(verdicts).toEqual({ stop: true, length: true, tool_calls: true, content_filter: false, refusal: false, error: false, other: false });
  });
});

describe("createResponseCache", () => {
  test("defaults: 64 MiB, 10 minutes", () => {
    expect(defaultCacheMaxBytes).toBe(64 * 1024 * 1024);
    expect(defaultCacheTtlMs).toBe(600_000);
    const time = clock();
    const cache = createResponseCache({ now: time.now });
    cache.set("k", answer("hi"));
    time.advance(600_000 - 1);
    expect(cache.get("k")).toBeDefined();
    time.advance(1);
    expect(cache.get("k")).toBeUndefined();
  });

  test("get returns an equal copy; changing it does not change the cache", () => {
    const cache = createResponseCache();
    const stored = answer("hello");
    cache.set("k", stored);
    const first = cache.get("k")!;
    expect(first).toEqual(stored);
    (first.parts[0] as { text: string }).text = "changed";
    stored.finishReason = "error";
    expect(cache.get("k")).toEqual(answer("hello"));
  });

  test("non-cacheable responses are not stored", () => {
    const cache = createResponseCache();
    for (const reason of ["error", "content_filter", "refusal", "other"] as const) cache.set(reason, answer("x", reason));
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  test("counts bytes as JSON UTF-8 length; replacing a key replaces its bytes", () => {
    const cache = createResponseCache();
    const accented = answer("héllo wörld ✓");
    cache.set("a", accented);
    expect(cache.bytes).toBe(bytesOf(accented));
    expect(bytesOf(accented)).toBeGreaterThan(JSON.stringify(accented).length);
    cache.set("a", answer("x"));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(bytesOf(answer("x")));
  });

  test("evicts least recently used until under the byte cap; get refreshes recency", () => {
    const entry = answer("x".repeat(100));
    const size = bytesOf(entry);
    const cache = createResponseCache({ maxBytes: size * 4 });
    for (const key of ["a", "b", "c", "d"]) cache.set(key, entry);
    expect(cache.size).toBe(4);
    expect(cache.bytes).toBe(size * 4);
    expect(cache.get("a")).toBeDefined(); // a is now the most recently used; b is the oldest
    cache.set("e", entry);
    expect(cache.get("b")).toBeUndefined();
    expect(["a", "c", "d", "e"].every((key) => cache.get(key) !== undefined)).toBe(true);
    // Oldest first now: a, c, d, e.
    cache.set("f", entry);
    cache.set("g", entry);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toBeUndefined();
    expect(cache.bytes).toBeLessThanOrEqual(size * 4);
    expect(cache.size).toBe(4);
  });

  test("setting an existing key makes it the most recently used", () => {
    const entry = answer("y".repeat(50));
    const cache = createResponseCache({ maxBytes: bytesOf(entry) * 4 });
    for (const key of ["a", "b", "c", "d"]) cache.set(key, entry);
    cache.set("a", entry);
    cache.set("e", entry);
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("b")).toBeUndefined();
  });

  test("an entry larger than a quarter of maxBytes is not stored (and drops an older entry of that key)", () => {
    const small = answer("s");
    const large = answer("L".repeat(400));
    const cache = createResponseCache({ maxBytes: bytesOf(large) * 4 - 1 });
    cache.set("k", small);
    cache.set("k", large);
    expect(cache.get("k")).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  test("TTL: expired entries are dropped lazily on read", () => {
    const time = clock();
    const cache = createResponseCache({ ttlMs: 1_000, now: time.now });
    cache.set("old", answer("old"));
    time.advance(600);
    cache.set("new", answer("new"));
    time.advance(400);
    expect(cache.size).toBe(2);
    expect(cache.get("old")).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.get("new")).toBeDefined();
    time.advance(600);
    expect(cache.get("new")).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  test("a hit does not extend the TTL", () => {
    const time = clock();
    const cache = createResponseCache({ ttlMs: 1_000, now: time.now });
    cache.set("k", answer("k"));
    time.advance(900);
    expect(cache.get("k")).toBeDefined();
    time.advance(100);
    expect(cache.get("k")).toBeUndefined();
  });

  test("delete, clear and stats", () => {
    const cache = createResponseCache();
    cache.set("a", answer("a"));
    cache.set("b", answer("b"));
    cache.get("a");
    cache.get("zzz");
    cache.delete("a");
    expect(cache.get("a")).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, entries: 1, bytes: bytesOf(answer("b")) });
    cache.clear();
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, entries: 0, bytes: 0 });
  });
});
