// Cryptographically strong random strings for secrets, passwords and API keys.
export function randomToken(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}
