// Client API keys: `amr_` plus 32 random bytes, stored only as a SHA-256 hash (the keys carry enough entropy that a
// slow password hash would only slow the request path).
import { randomToken } from "./random-token.ts";

export const apiKeyPrefix = "amr_";

export function generateApiKey(): string {
  return apiKeyPrefix + randomToken(32);
}

export function hashApiKey(key: string): string {
  return new Bun.CryptoHasher("sha256").update(key).digest("hex");
}

export function previewApiKey(key: string): string {
  return `${key.slice(0, 8)}…${key.slice(-4)}`;
}

export function isWellFormedApiKey(key: string): boolean {
  return key.startsWith(apiKeyPrefix) && key.length >= apiKeyPrefix.length + 16 && /^[A-Za-z0-9_-]+$/.test(key.slice(apiKeyPrefix.length));
}
