// RFC 7636 S256 PKCE codes and the OAuth `state` value: random, URL-safe, from the platform's CSPRNG.

/** 32 random bytes as base64url: a 43-character verifier, the minimum length RFC 7636 allows and what CLIs use. */
export function createCodeVerifier(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

export function codeChallengeOf(verifier: string): string {
  return new Bun.CryptoHasher("sha256").update(verifier).digest("base64url");
}

export function createState(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}
