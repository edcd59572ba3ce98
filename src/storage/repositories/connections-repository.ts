// Reads and writes connections. Credentials are encrypted before they touch the database.
import { eq } from "drizzle-orm";
import type { CredentialCipher } from "../../security/credential-encryption.ts";
import type { Storage } from "../database.ts";
import { connectionsTable, type ConnectionRow, type ModelPrice } from "../schema.ts";

export type ConnectionInput = {
  name: string;
  provider: string;
  baseUrl?: string | null;
  credential?: string | null;
  credentialEnv?: string | null;
  priority?: number;
  weight?: number;
  tags?: string[];
  models?: string[];
  enabled?: boolean;
  source?: "config" | "api";
  limits?: Record<string, unknown>;
  prices?: Record<string, ModelPrice>;
  settings?: Record<string, string>;
};

export function findConnectionRow(storage: Storage, name: string): ConnectionRow | undefined {
  return storage.orm.select().from(connectionsTable).where(eq(connectionsTable.name, name)).get();
}

/** Inserts or updates by name, so applying the same config twice changes nothing. Returns true when a row changed. */
export function upsertConnection(storage: Storage, cipher: CredentialCipher, input: ConnectionInput): boolean {
  const existing = findConnectionRow(storage, input.name);
  const now = Date.now();
  const values = {
    provider: input.provider,
    baseUrl: input.baseUrl ?? null,
    credentialEnv: input.credentialEnv ?? null,
    priority: input.priority ?? 0,
    weight: input.weight ?? 1,
    tags: input.tags ?? [],
    models: input.models ?? [],
    enabled: input.enabled ?? true,
    source: input.source ?? "api",
    limits: input.limits ?? {},
    prices: input.prices ?? {},
    settings: input.settings ?? {},
  };
  if (!existing) {
    storage.orm
      .insert(connectionsTable)
      .values({ name: input.name, ...values, credentialEncrypted: input.credential ? cipher.encrypt(input.credential) : null, createdAt: now, updatedAt: now })
      .run();
    return true;
  }
  const sameCredential = input.credential
    ? existing.credentialEncrypted !== null && safeDecrypt(cipher, existing.credentialEncrypted) === input.credential
    : existing.credentialEncrypted === null;
  const unchanged =
    sameCredential &&
    existing.provider === values.provider &&
    existing.baseUrl === values.baseUrl &&
    existing.credentialEnv === values.credentialEnv &&
    existing.priority === values.priority &&
    existing.weight === values.weight &&
    JSON.stringify(existing.tags) === JSON.stringify(values.tags) &&
    JSON.stringify(existing.models) === JSON.stringify(values.models) &&
    existing.enabled === values.enabled &&
    existing.source === values.source &&
    JSON.stringify(existing.limits) === JSON.stringify(values.limits) &&
    JSON.stringify(existing.prices) === JSON.stringify(values.prices) &&
    JSON.stringify(existing.settings) === JSON.stringify(values.settings);
  if (unchanged) return false;
  const credentialEncrypted = sameCredential ? existing.credentialEncrypted : input.credential ? cipher.encrypt(input.credential) : null;
  storage.orm.update(connectionsTable).set({ ...values, credentialEncrypted, updatedAt: now }).where(eq(connectionsTable.id, existing.id)).run();
  return true;
}

export function deleteConnection(storage: Storage, name: string): boolean {
  return storage.orm.delete(connectionsTable).where(eq(connectionsTable.name, name)).returning({ id: connectionsTable.id }).all().length > 0;
}

function safeDecrypt(cipher: CredentialCipher, encrypted: string): string | undefined {
  try {
    return cipher.decrypt(encrypted);
  } catch {
    return undefined;
  }
}
