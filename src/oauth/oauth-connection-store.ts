// Where OAuth state lives in the database: a renewed token replaces only the connection's encrypted credential
// (priority, tags and models stay as configured), and "needs login" is one settings row per connection, so marking
// it needs no migration and another process (the CLI after `amrouter login`) clears it with one delete. Both
// writes bump SQLite's data_version, so a running gateway reloads its connections.
import type { CredentialCipher } from "../security/credential-encryption.ts";
import type { Storage } from "../storage/database.ts";
import { readSetting, writeSetting } from "../storage/repositories/settings-repository.ts";
import { isRecord } from "./oauth-token.ts";

export type NeedsLogin = { reason: string; since: number };

const needsLoginPrefix = "oauth.needs_login:";

export function needsLoginKey(connectionName: string): string {
  return `${needsLoginPrefix}${connectionName}`;
}

/** Replaces a connection's credential only. Returns false when no connection has that name. */
export function saveConnectionCredential(storage: Storage, cipher: CredentialCipher, connectionName: string, credentialText: string): boolean {
  const updated = storage.sqlite
    .query<unknown, [string, number, string]>("UPDATE connections SET credential_encrypted = ?1, updated_at = ?2 WHERE name = ?3")
    .run(cipher.encrypt(credentialText), Date.now(), connectionName);
  return updated.changes > 0;
}

export function markConnectionNeedsLogin(storage: Storage, connectionName: string, reason: string, now = Date.now()): void {
  writeSetting(storage, needsLoginKey(connectionName), JSON.stringify({ reason: reason.slice(0, 500), since: now }));
}

export function clearConnectionNeedsLogin(storage: Storage, connectionName: string): void {
  storage.sqlite.query<unknown, [string]>("DELETE FROM settings WHERE key = ?").run(needsLoginKey(connectionName));
}

export function readConnectionNeedsLogin(storage: Storage, connectionName: string): NeedsLogin | undefined {
  const text = readSetting(storage, needsLoginKey(connectionName));
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value) && typeof value.reason === "string") return { reason: value.reason, since: typeof value.since === "number" ? value.since : 0 };
  } catch {
    // A damaged row still means the connection needs a login.
  }
  return { reason: "needs login", since: 0 };
}
