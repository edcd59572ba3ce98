// Client API keys in memory, keyed by hash, so authenticating a request costs one SHA-256 and one map lookup.
import type { Storage } from "../storage/database.ts";
import { listApiKeyRows } from "../storage/repositories/api-keys-repository.ts";
import { hashApiKey } from "./api-key-hashing.ts";
import type { KeyLimits } from "../limits/key-limits.ts";
import { parseKeyLimits } from "../limits/parse-limits.ts";

/** Stored limits that no longer parse fail closed: the key may send nothing until they are fixed. */
const failClosedLimits: KeyLimits = { requestsPerMinute: 0 };

function limitsOf(stored: unknown): KeyLimits {
  const parsed = parseKeyLimits(stored);
  return "limits" in parsed ? parsed.limits : failClosedLimits;
}

export type ApiKeyIdentity = { id: number; name: string; scope: "client" | "admin"; limits: KeyLimits };

export type ApiKeyRegistry = {
  identify(key: string): ApiKeyIdentity | undefined;
  count(): number;
  reload(): void;
};

export function createApiKeyRegistry(storage: Storage): ApiKeyRegistry {
  let byHash = new Map<string, ApiKeyIdentity>();
  const reload = () => {
    byHash = new Map(
      listApiKeyRows(storage)
        .filter((row) => row.revokedAt === null)
        .map((row) => [row.keyHash, { id: row.id, name: row.name, scope: row.scope, limits: limitsOf(row.limits) }]),
    );
  };
  reload();
  return {
    identify: (key) => byHash.get(hashApiKey(key)),
    count: () => byHash.size,
    reload,
  };
}
