// AES-256-GCM for credentials at rest. The key is derived from API_KEY_SECRET with HKDF, so the database alone
// never reveals a provider key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const formatVersion = "v1";

export type CredentialCipher = { encrypt(plaintext: string): string; decrypt(encrypted: string): string };

export function createCredentialCipher(apiKeySecret: string): CredentialCipher {
  const key = Buffer.from(hkdfSync("sha256", apiKeySecret, "amrouter-credentials", "aes-256-gcm v1", 32));
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${formatVersion}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
    },
    decrypt(encrypted) {
      const [version, payload] = encrypted.split(":", 2);
      if (version !== formatVersion || !payload) throw new Error("Unknown credential format");
      const bytes = Buffer.from(payload, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}
