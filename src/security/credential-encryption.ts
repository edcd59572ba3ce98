// AES-256-GCM for credentials at rest. The key is derived from API_KEY_SECRET with HKDF, so the database alone
// never reveals a provider key. node:crypto (the one synchronous AES-GCM) is loaded on the first use, not at
// start-up: loading it costs several milliseconds of the gateway's start.
const formatVersion = "v1";

export type CredentialCipher = { encrypt(plaintext: string): string; decrypt(encrypted: string): string };

type NodeCrypto = typeof import("node:crypto");

export function createCredentialCipher(apiKeySecret: string): CredentialCipher {
  let loaded: { nodeCrypto: NodeCrypto; key: Buffer } | undefined;
  const load = () => {
    if (loaded) return loaded;
    const nodeCrypto = require("node:crypto") as NodeCrypto;
    loaded = { nodeCrypto, key: Buffer.from(nodeCrypto.hkdfSync("sha256", apiKeySecret, "amrouter-credentials", "aes-256-gcm v1", 32)) };
    return loaded;
  };
  return {
    encrypt(plaintext) {
      const { nodeCrypto, key } = load();
      const iv = Buffer.from(crypto.getRandomValues(new Uint8Array(12)));
      const cipher = nodeCrypto.createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${formatVersion}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
    },
    decrypt(encrypted) {
      const [version, payload] = encrypted.split(":", 2);
      if (version !== formatVersion || !payload) throw new Error("Unknown credential format");
      const { nodeCrypto, key } = load();
      const bytes = Buffer.from(payload, "base64");
      const decipher = nodeCrypto.createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}
