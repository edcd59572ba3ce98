// Client API keys in memory, keyed by hash, so authenticating a request costs one SHA-256 and one map lookup;
// keys recently presented are remembered (up to a bound, forgotten on reload) so most requests skip the hash.
import type { Storage } from "../storage/database.ts";
import { listApiKeyRows } from "../storage/registry-rows.ts";
import { hashApiKey } from "./api-key-hashing.ts";
import { readSetting } from "../storage/repositories/settings-repository.ts";
import type { KeyLimits } from "../limits/key-limits.ts";
import { parseKeyLimits } from "../limits/parse-limits.ts";

/** Stored limits that no longer parse fail closed: the key may send nothing until they are fixed. */
const failClosedLimits: KeyLimits = { requestsPerMinute: 0 };

/** The dashboard's defaults for keys without their own limit (settings `default_*`; 0 or absent = unlimited). */
function defaultLimits(storage: Storage): KeyLimits {
  const read = (key: string) => {
    const value = Number(readSetting(storage, key));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const limits: KeyLimits = {};
  const requests = read("default_requests_per_minute");
  const tokens = read("default_tokens_per_minute");
  const budget = read("default_monthly_budget_usd");
  if (requests !== undefined) limits.requestsPerMinute = Math.floor(requests);
  if (tokens !== undefined) limits.tokensPerMinute = Math.floor(tokens);
  if (budget !== undefined) limits.monthlyBudgetUsd = budget;
  return limits;
}

function limitsOf(stored: unknown, defaults: KeyLimits): KeyLimits {
  const parsed = parseKeyLimits(stored);
  if (!("limits" in parsed)) return failClosedLimits;
  const own = Object.fromEntries(Object.entries(parsed.limits).filter(([, value]) => value !== null && value !== undefined));
  return { ...defaults, ...own };
}

export type ApiKeyIdentity = { id: number; name: string; scope: "client" | "admin"; limits: KeyLimits };

export type ApiKeyRegistry = {
  identify(key: string): ApiKeyIdentity | undefined;
  count(): number;
  reload(): void;
};

const recentLimit = 1024;

export function createApiKeyRegistry(storage: Storage): ApiKeyRegistry {
  let byHash = new Map<string, ApiKeyIdentity>();
  const recent = new Map<string, ApiKeyIdentity>();
  const reload = () => {
    recent.clear();
    const defaults = defaultLimits(storage);
    byHash = new Map(
      listApiKeyRows(storage.sqlite)
        .filter((row) => row.revokedAt === null)
        .map((row) => [row.keyHash, { id: row.id, name: row.name, scope: row.scope, limits: limitsOf(row.limits, defaults) }]),
    );
  };
  reload();
  return {
    identify(key) {
      const known = recent.get(key);
      if (known) return known;
      const identity = byHash.get(hashApiKey(key));
      // Only keys that exist are remembered, so random keys cannot fill memory.
      if (identity) {
        if (recent.size >= recentLimit) recent.clear();
        recent.set(key, identity);
      }
      return identity;
    },
    count: () => byHash.size,
    reload,
  };
}
