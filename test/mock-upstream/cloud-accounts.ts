// What the mock's cloud token endpoints know: the service accounts a test trusts (by the public key of a key pair
// it generated), the Google and IBM IAM access tokens issued so far, and which of them were revoked, so tests can
// check that the gateway exchanged its credential, cached the token, and exchanged again after a 401.

export type CloudAccounts = {
  trustServiceAccount(clientEmail: string, publicKey: CryptoKey): void;
  publicKeyOf(clientEmail: string): CryptoKey | undefined;
  issueGoogleToken(clientEmail: string): string;
  issueIamToken(apiKey: string): string;
  /** Revokes every token issued so far: the next call with one of them gets a 401. */
  revokeAll(): void;
  /** True for a token this mock issued and did not revoke. */
  isValid(token: string): boolean;
  /** True for a token that looks like one this mock issues (ya29.mock-…, iam-mock-…). */
  isMockIssued(token: string): boolean;
  issuedCount(kind: "google" | "iam"): number;
};

export function createCloudAccounts(): CloudAccounts {
  const publicKeys = new Map<string, CryptoKey>();
  const valid = new Set<string>();
  const counts = { google: 0, iam: 0 };
  return {
    trustServiceAccount: (clientEmail, publicKey) => void publicKeys.set(clientEmail, publicKey),
    publicKeyOf: (clientEmail) => publicKeys.get(clientEmail),
    issueGoogleToken() {
      const token = `ya29.mock-${++counts.google}-${crypto.randomUUID()}`;
      valid.add(token);
      return token;
    },
    issueIamToken() {
      const token = `iam-mock-${++counts.iam}-${crypto.randomUUID()}`;
      valid.add(token);
      return token;
    },
    revokeAll: () => valid.clear(),
    isValid: (token) => valid.has(token),
    isMockIssued: (token) => token.startsWith("ya29.mock-") || token.startsWith("iam-mock-"),
    issuedCount: (kind) => counts[kind],
  };
}

export function bearerOf(headers: Record<string, string>): string | undefined {
  return /^Bearer\s+(\S+)/i.exec(headers["authorization"] ?? "")?.[1];
}
