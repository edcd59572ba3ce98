// The stored connection credentials are decrypted with WebCrypto before the runtime's synchronous reads need
// them, so start-up never loads node:crypto for them.
import type { Database } from "bun:sqlite";
import type { CredentialCipher } from "./credential-encryption.ts";

export async function preloadStoredCredentials(cipher: CredentialCipher, sqlite: Database): Promise<void> {
  const stored = sqlite
    .query<{ credential: string }, []>("SELECT credential_encrypted AS credential FROM connections WHERE credential_encrypted IS NOT NULL")
    .all()
    .map((row) => row.credential);
  await cipher.preload(stored);
}
