// Client API keys in memory, keyed by hash, so authenticating a request costs one SHA-256 and one map lookup.
import type { Storage } from "../storage/database.ts";
import { listApiKeyRows } from "../storage/repositories/api-keys-repository.ts";
import { hashApiKey } from "./api-key-hashing.ts";

export type ApiKeyIdentity = { id: number; name: string; scope: "client" | "admin" };

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
        .map((row) => [row.keyHash, { id: row.id, name: row.name, scope: row.scope }]),
    );
  };
  reload();
  return {
    identify: (key) => byHash.get(hashApiKey(key)),
    count: () => byHash.size,
    reload,
  };
}
