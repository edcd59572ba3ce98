// AES-256-GCM for credentials at rest. The key is derived from API_KEY_SECRET with HKDF, so the database alone
// never reveals a provider key. Start-up decrypts the stored credentials ahead with WebCrypto (`preload`), so a
// gateway that only reads its credentials never loads node:crypto (several milliseconds of start-up); node:crypto,
// the one synchronous AES-GCM, is loaded when something is encrypted or was not preloaded.
const formatVersion = "v1";
const salt = "amrouter-credentials";
const info = "aes-256-gcm v1";

export type CredentialCipher = {
  encrypt(plaintext: string): string;
  decrypt(encrypted: string): string;
  /** Decrypts these asynchronously now, so `decrypt` answers them without node:crypto. Failures are left to `decrypt`. */
  preload(encrypted: Iterable<string>): Promise<void>;
};

type NodeCrypto = typeof import("node:crypto");

function payloadOf(encrypted: string): Buffer {
  const [version, payload] = encrypted.split(":", 2);
  if (version !== formatVersion || !payload) throw new Error("Unknown credential format");
  return Buffer.from(payload, "base64");
}

export function createCredentialCipher(apiKeySecret: string): CredentialCipher {
  const known = new Map<string, string>();
  let loaded: { nodeCrypto: NodeCrypto; key: Buffer } | undefined;
  const load = () => {
    if (loaded) return loaded;
    const nodeCrypto = require("node:crypto") as NodeCrypto;
    loaded = { nodeCrypto, key: Buffer.from(nodeCrypto.hkdfSync("sha256", apiKeySecret, salt, info, 32)) };
    return loaded;
  };
  return {
    encrypt(plaintext) {
      const { nodeCrypto, key } = load();
      const iv = Buffer.from(crypto.getRandomValues(new Uint8Array(12)));
      const cipher = nodeCrypto.createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const encrypted = `${formatVersion}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
      known.set(encrypted, plaintext);
      return encrypted;
    },
    decrypt(encrypted) {
      const ready = known.get(encrypted);
      if (ready !== undefined) return ready;
      const bytes = payloadOf(encrypted);
      const { nodeCrypto, key } = load();
      const decipher = nodeCrypto.createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const plaintext = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
      known.set(encrypted, plaintext);
      return plaintext;
    },
    async preload(values) {
      const pending = [...values].filter((value) => !known.has(value));
      if (pending.length === 0) return;
      const encoder = new TextEncoder();
      const material = await crypto.subtle.importKey("raw", encoder.encode(apiKeySecret), "HKDF", false, ["deriveKey"]);
      const key = await crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: encoder.encode(salt), info: encoder.encode(info) },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["decrypt"],
      );
      for (const encrypted of pending) {
        try {
          const bytes = payloadOf(encrypted);
          // WebCrypto takes the tag after the ciphertext; the stored form has it before.
          const sealed = new Uint8Array(Buffer.concat([bytes.subarray(28), bytes.subarray(12, 28)]));
          const plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(bytes.subarray(0, 12)) }, key, sealed);
          known.set(encrypted, new TextDecoder().decode(plaintext));
        } catch {
          // Left for decrypt() to report where the credential is used.
        }
      }
    },
  };
}
