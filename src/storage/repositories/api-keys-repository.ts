// Reads and writes client API keys. Only the hash and a short preview are stored; the key is shown once.
import { eq, or } from "drizzle-orm";
import { generateApiKey, hashApiKey, previewApiKey } from "../../security/api-key-hashing.ts";
import type { Storage } from "../database.ts";
import { apiKeysTable, type ApiKeyRow } from "../schema.ts";

export type ApiKeyScope = "client" | "admin";

export function findApiKeyRow(storage: Storage, name: string): ApiKeyRow | undefined {
  return storage.orm.select().from(apiKeysTable).where(eq(apiKeysTable.name, name)).get();
}

export function createApiKey(
  storage: Storage,
  name: string,
  options: { scope?: ApiKeyScope; key?: string; source?: "config" | "api"; limits?: Record<string, unknown> } = {},
): { key: string; row: ApiKeyRow } {
  const key = options.key ?? generateApiKey();
  const row = storage.orm
    .insert(apiKeysTable)
    .values({
      name,
      keyHash: hashApiKey(key),
      keyPreview: previewApiKey(key),
      scope: options.scope ?? "client",
      source: options.source ?? "api",
      limits: options.limits ?? {},
      createdAt: Date.now(),
    })
    .returning()
    .get();
  return { key, row };
}

/** For the config file: keeps an existing key unless the file names a different one. Returns a new plaintext key only when it generated one. */
export function ensureApiKey(
  storage: Storage,
  name: string,
  options: { scope?: ApiKeyScope; key?: string; limits?: Record<string, unknown> },
): { generatedKey?: string; changed: boolean } {
  const existing = findApiKeyRow(storage, name);
  if (!existing) {
    const { key } = createApiKey(storage, name, { ...options, source: "config" });
    return { generatedKey: options.key ? undefined : key, changed: true };
  }
  const scope = options.scope ?? "client";
  const keyHash = options.key ? hashApiKey(options.key) : existing.keyHash;
  const limits = options.limits ?? {};
  if (keyHash === existing.keyHash && scope === existing.scope && existing.revokedAt === null && JSON.stringify(limits) === JSON.stringify(existing.limits)) {
    return { changed: false };
  }
  storage.orm
    .update(apiKeysTable)
    .set({ keyHash, keyPreview: options.key ? previewApiKey(options.key) : existing.keyPreview, scope, limits, revokedAt: null })
    .where(eq(apiKeysTable.id, existing.id))
    .run();
  return { changed: true };
}

export function revokeApiKey(storage: Storage, nameOrId: string): boolean {
  const id = /^\d+$/.test(nameOrId) ? Number(nameOrId) : -1;
  return (
    storage.orm
      .update(apiKeysTable)
      .set({ revokedAt: Date.now() })
      .where(or(eq(apiKeysTable.name, nameOrId), eq(apiKeysTable.id, id)))
      .returning({ id: apiKeysTable.id })
      .all().length > 0
  );
}
