// Before the runtime opens its database, the stored connection credentials are decrypted with WebCrypto, so the
// runtime's synchronous reads find them ready and start-up never loads node:crypto for them.
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import type { CredentialCipher } from "./credential-encryption.ts";

export async function preloadStoredCredentials(cipher: CredentialCipher, databasePath: string): Promise<void> {
  if (databasePath === ":memory:" || !existsSync(databasePath)) return;
  let stored: string[] = [];
  try {
    const sqlite = new Database(databasePath, { readonly: true });
    try {
      stored = sqlite
        .query<{ credential: string }, []>("SELECT credential_encrypted AS credential FROM connections WHERE credential_encrypted IS NOT NULL")
        .all()
        .map((row) => row.credential);
    } finally {
      sqlite.close();
    }
  } catch {
    // A database from before the connections table, or one being created: nothing to preload.
  }
  await cipher.preload(stored);
}
