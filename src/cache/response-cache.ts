// The exact-match response cache: finished answers by cache key (cache-key.ts), in memory, least recently used
// out first under a byte cap, each expiring after a TTL (checked lazily on read). Entries are held as JSON text,
// so the cap measures what is really kept and every hit hands out its own copy that a caller may change.
// With a persistence layer, a memory miss falls back to it, and every stored answer is written behind to it.
import type { IrFinishReason, IrResponse } from "../protocol/ir.ts";
import type { CachePersistence } from "./cache-persistence.ts";

export type ResponseCacheOptions = {
  /** Memory budget for stored answers (JSON bytes). Default 64 MiB. */
  maxBytes?: number;
  /** How long an answer stays servable. Default 10 minutes. */
  ttlMs?: number;
  now?: () => number;
  persistence?: CachePersistence;
};

export type ResponseCacheStats = { hits: number; misses: number; entries: number; bytes: number };

export type ResponseCache = {
  /** The stored answer (a fresh copy), or undefined when absent or expired. A hit becomes the most recently used. */
  get(key: string): IrResponse | undefined;
  /** Stores a cacheable answer; ignores others and any answer larger than a quarter of maxBytes. */
  set(key: string, response: IrResponse): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
  readonly bytes: number;
  stats(): ResponseCacheStats;
};

export const defaultCacheMaxBytes = 64 * 1024 * 1024;
export const defaultCacheTtlMs = 10 * 60_000;

const cacheableFinishReasons: ReadonlySet<IrFinishReason> = new Set(["stop", "length", "tool_calls"]);

/** Only complete answers are worth replaying: never errors, filtered or refused answers. */
export function isCacheable(response: IrResponse): boolean {
  return cacheableFinishReasons.has(response.finishReason);
}

type Entry = { json: string; bytes: number; expiresAt: number };

export function createResponseCache(options: ResponseCacheOptions = {}): ResponseCache {
  const maxBytes = options.maxBytes ?? defaultCacheMaxBytes;
  const ttlMs = options.ttlMs ?? defaultCacheTtlMs;
  const now = options.now ?? Date.now;
  const persistence = options.persistence;
  const entries = new Map<string, Entry>();
  let totalBytes = 0;
  let hits = 0;
  let misses = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  };

  /** Puts an entry in memory as the most recently used, evicting the least recently used past the cap. */
  const remember = (key: string, json: string, expiresAt: number): boolean => {
    remove(key);
    const bytes = Buffer.byteLength(json, "utf8");
    if (bytes > maxBytes / 4) return false;
    entries.set(key, { json, bytes, expiresAt });
    totalBytes += bytes;
    for (const [oldestKey] of entries) {
      if (totalBytes <= maxBytes) break;
      remove(oldestKey);
    }
    return true;
  };

  const readMemory = (key: string, at: number): string | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= at) {
      remove(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry.json;
  };

  const readPersisted = (key: string, at: number): string | undefined => {
    const stored = persistence?.load(key, at);
    if (!stored) return undefined;
    remember(key, stored.json, stored.expiresAt);
    return stored.json;
  };

  return {
    get(key) {
      const at = now();
      const json = readMemory(key, at) ?? readPersisted(key, at);
      if (json === undefined) {
        misses++;
        return undefined;
      }
      hits++;
      return JSON.parse(json) as IrResponse;
    },
    set(key, response) {
      if (!isCacheable(response)) return;
      const json = JSON.stringify(response);
      const expiresAt = now() + ttlMs;
      if (remember(key, json, expiresAt)) persistence?.save(key, json, expiresAt);
    },
    delete(key) {
      remove(key);
      persistence?.remove(key);
    },
    clear() {
      entries.clear();
      totalBytes = 0;
      persistence?.clear();
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return totalBytes;
    },
    stats: () => ({ hits, misses, entries: entries.size, bytes: totalBytes }),
  };
}
