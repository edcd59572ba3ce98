// An OAuth token as AmRouter keeps it. The whole token (access token, refresh token, expiry) is serialized to JSON
// and stored in the connection's existing encrypted credential column, so OAuth tokens are encrypted at rest with
// no schema change. A credential that is not such JSON is a plain API key and passes through untouched.

export type OAuthToken = {
  accessToken: string;
  /**
   * The long-lived token that gets a new access token. For a provider with a token exchange (GitHub Copilot) it is
   * the GitHub OAuth token that is exchanged for short-lived Copilot tokens.
   */
  refreshToken?: string;
  /** When the access token stops working: milliseconds since the epoch, on this machine's clock. */
  expiresAt?: number;
  tokenType?: string;
  scope?: string;
  /** An API base URL the provider assigned to this account (Qwen `resource_url`, Copilot `endpoints.api`). */
  apiBaseUrl?: string;
  /** The ChatGPT account id found in a Codex id token; the Codex backend expects it as `chatgpt-account-id`. */
  accountId?: string;
  /** When this token was obtained, in milliseconds since the epoch. */
  obtainedAt: number;
};

/** Marks the stored JSON as an AmRouter OAuth token, so a JSON API key (a service account file) is never mistaken for one. */
const storedFormat = "amrouter-oauth-v1";

export function serializeToken(token: OAuthToken): string {
  const stored: Record<string, unknown> = { format: storedFormat, accessToken: token.accessToken };
  for (const field of ["refreshToken", "expiresAt", "tokenType", "scope", "apiBaseUrl", "accountId"] as const) {
    if (token[field] !== undefined) stored[field] = token[field];
  }
  stored.obtainedAt = token.obtainedAt;
  return JSON.stringify(stored);
}

/** The token stored in a credential, or undefined when the credential is a plain API key. */
export function parseToken(credentialText: string | undefined): OAuthToken | undefined {
  if (!credentialText || !credentialText.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(credentialText);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.format !== storedFormat || typeof value.accessToken !== "string") return undefined;
  const token: OAuthToken = { accessToken: value.accessToken, obtainedAt: typeof value.obtainedAt === "number" ? value.obtainedAt : 0 };
  if (typeof value.refreshToken === "string") token.refreshToken = value.refreshToken;
  if (typeof value.expiresAt === "number") token.expiresAt = value.expiresAt;
  if (typeof value.tokenType === "string") token.tokenType = value.tokenType;
  if (typeof value.scope === "string") token.scope = value.scope;
  if (typeof value.apiBaseUrl === "string") token.apiBaseUrl = value.apiBaseUrl;
  if (typeof value.accountId === "string") token.accountId = value.accountId;
  return token;
}

export function isOAuthCredential(credentialText: string | undefined): boolean {
  return parseToken(credentialText) !== undefined;
}

/** What goes after `Bearer`: the access token of a stored OAuth token, or the credential itself when it is a plain key. */
export function accessTokenOf(credentialText: string): string;
export function accessTokenOf(credentialText: string | undefined): string | undefined;
export function accessTokenOf(credentialText: string | undefined): string | undefined {
  return parseToken(credentialText)?.accessToken ?? credentialText;
}

/** True when the token has an expiry and it falls within `windowMs` of `now` (or has passed). */
export function expiresWithin(token: OAuthToken, windowMs: number, now: number): boolean {
  return token.expiresAt !== undefined && token.expiresAt - now <= windowMs;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
