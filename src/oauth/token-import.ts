// Token import: use a login made elsewhere instead of running a flow here. Accepts a file path or the text itself:
// AmRouter's own stored token, a plain OAuth token response, the credential files of the providers' CLIs (Claude
// Code ~/.claude/.credentials.json, Codex ~/.codex/auth.json, Gemini CLI ~/.gemini/oauth_creds.json, Qwen Code
// ~/.qwen/oauth_creds.json, GitHub Copilot's apps.json/hosts.json), an {accessToken, refreshToken} pair, or one bare
// token. Note that a provider that rotates refresh tokens logs the original CLI out after AmRouter's first refresh.
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { jwtExpiresAt, chatgptAccountIdOf } from "./jwt-claims.ts";
import { OAuthError } from "./oauth-error.ts";
import { expiresWithin, isRecord, parseToken, type OAuthToken } from "./oauth-token.ts";
import { refreshOAuthToken } from "./refresh-token.ts";
import type { FetchFunction } from "./token-endpoint.ts";
import { exchangeForAccessToken } from "./token-exchange.ts";
import { numberOf } from "./token-response.ts";

/** What an import contained: a full token, or one opaque token string whose meaning depends on the provider. */
export type ImportedCredential = { kind: "token"; token: OAuthToken } | { kind: "single"; value: string };

export type TokenPair = { accessToken: string; refreshToken?: string; expiresAt?: number | string };

export type ImportOptions = { fetch?: FetchFunction; now?: () => number; readFile?: (path: string) => string | undefined };

/**
 * Imports for one provider and returns a usable token: a single GitHub token is exchanged for a Copilot token
 * (which also proves it works), and an expired token is refreshed at once when it can be.
 */
export async function importToken(settings: OAuthSettings | undefined, input: string, options: ImportOptions = {}): Promise<OAuthToken> {
  const now = options.now ?? Date.now;
  const imported = readImport(input, options);
  if (imported.kind === "single") {
    if (settings?.tokenExchangeUrl) return exchangeForAccessToken(settings, imported.value, { fetch: options.fetch, now });
    return withJwtExpiry({ accessToken: imported.value, obtainedAt: now() });
  }
  const token = imported.token;
  if (settings && token.refreshToken && expiresWithin(token, 0, now())) {
    try {
      return await refreshOAuthToken(settings, token, options.fetch, now);
    } catch (error) {
      if (error instanceof OAuthError && error.kind === "needs-login") {
        throw new OAuthError("needs-login", `The imported token has expired and cannot be refreshed (${error.message}); log in instead`);
      }
      throw error;
    }
  }
  return token;
}

/** Reads the input as a file when it names one, else as the text itself. */
export function readImport(input: string, options: Pick<ImportOptions, "now" | "readFile"> = {}): ImportedCredential {
  const trimmed = input.trim();
  if (!trimmed) throw new OAuthError("protocol", "Nothing to import: give a token, a JSON token or a credential file path");
  const now = (options.now ?? Date.now)();
  if (!trimmed.startsWith("{")) {
    const path = trimmed.startsWith("~/") ? join(homedir(), trimmed.slice(2)) : trimmed;
    const fileText = (options.readFile ?? readFileIfPresent)(path);
    if (fileText !== undefined) return parseImport(fileText, now);
    // Tokens are base64url or hex: a slash, a backslash, a leading ~ or a .json suffix means a path that is missing.
    if (/[/\\]|^~|\.json$/i.test(trimmed)) throw new OAuthError("protocol", `No such file: ${trimmed}`);
    if (/\s/.test(trimmed)) throw new OAuthError("protocol", "A token has no spaces; give one token, a JSON token or a file path");
    return { kind: "single", value: trimmed };
  }
  return parseImport(trimmed, now);
}

export function parseImport(text: string, now: number): ImportedCredential {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) {
    if (!trimmed || /\s/.test(trimmed)) throw new OAuthError("protocol", "The file holds neither JSON nor a single token");
    return { kind: "single", value: trimmed };
  }
  const stored = parseToken(trimmed);
  if (stored) return { kind: "token", token: stored };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new OAuthError("protocol", "The import is not valid JSON");
  }
  if (!isRecord(value)) throw new OAuthError("protocol", "The import is not a JSON object");

  // Claude Code: { claudeAiOauth: { accessToken, refreshToken, expiresAt (ms), scopes } }
  if (isRecord(value.claudeAiOauth)) return fromPair(value.claudeAiOauth, now);
  // Codex: { tokens: { access_token, refresh_token, id_token, account_id } }
  if (isRecord(value.tokens)) return fromSnakeCase(value.tokens, now);
  // OAuth responses, Gemini CLI and Qwen Code: { access_token, refresh_token, expiry_date | expires_in | expires_at }
  if (typeof value.access_token === "string") return fromSnakeCase(value, now);
  if (typeof value.accessToken === "string") return fromPair(value, now);
  // GitHub Copilot's apps.json / hosts.json: { "github.com[:client id]": { oauth_token } }
  for (const entry of Object.values(value)) {
    if (isRecord(entry) && typeof entry.oauth_token === "string") return { kind: "single", value: entry.oauth_token };
  }
  throw new OAuthError("protocol", "The JSON holds no recognizable token (expected access_token, accessToken, claudeAiOauth, tokens or oauth_token)");
}

/** Builds a token from an access/refresh pair the user already has. */
export function tokenFromPair(pair: TokenPair, now: number): OAuthToken {
  if (!pair.accessToken) throw new OAuthError("protocol", "The pair has no access token");
  const token: OAuthToken = { accessToken: pair.accessToken, obtainedAt: now };
  if (pair.refreshToken) token.refreshToken = pair.refreshToken;
  const expiresAt = absoluteTime(pair.expiresAt);
  if (expiresAt !== undefined) token.expiresAt = expiresAt;
  return withJwtExpiry(token);
}

function fromPair(record: Record<string, unknown>, now: number): ImportedCredential {
  if (typeof record.accessToken !== "string") throw new OAuthError("protocol", "The JSON has no accessToken");
  const pair: TokenPair = { accessToken: record.accessToken };
  if (typeof record.refreshToken === "string") pair.refreshToken = record.refreshToken;
  if (typeof record.expiresAt === "number" || typeof record.expiresAt === "string") pair.expiresAt = record.expiresAt;
  const token = tokenFromPair(pair, now);
  if (Array.isArray(record.scopes)) token.scope = record.scopes.filter((scope) => typeof scope === "string").join(" ");
  return { kind: "token", token };
}

function fromSnakeCase(record: Record<string, unknown>, now: number): ImportedCredential {
  if (typeof record.access_token !== "string") throw new OAuthError("protocol", "The JSON has no access_token");
  const token: OAuthToken = { accessToken: record.access_token, obtainedAt: now };
  if (typeof record.refresh_token === "string" && record.refresh_token) token.refreshToken = record.refresh_token;
  const expiresIn = numberOf(record.expires_in);
  const expiresAt = absoluteTime(record.expiry_date) ?? absoluteTime(record.expires_at) ?? (expiresIn !== undefined ? now + expiresIn * 1000 : undefined);
  if (expiresAt !== undefined) token.expiresAt = expiresAt;
  if (typeof record.token_type === "string") token.tokenType = record.token_type;
  if (typeof record.scope === "string") token.scope = record.scope;
  if (typeof record.resource_url === "string" && record.resource_url) {
    const base = (/^https?:\/\//.test(record.resource_url) ? record.resource_url : `https://${record.resource_url}`).replace(/\/+$/, "");
    token.apiBaseUrl = base.endsWith("/v1") ? base : `${base}/v1`;
  }
  const accountId = typeof record.account_id === "string" ? record.account_id : typeof record.id_token === "string" ? chatgptAccountIdOf(record.id_token) : undefined;
  if (accountId) token.accountId = accountId;
  return { kind: "token", token: withJwtExpiry(token) };
}

/** Milliseconds since the epoch from seconds, milliseconds or an ISO date. */
function absoluteTime(value: unknown): number | undefined {
  const number = numberOf(value);
  if (number !== undefined) return number < 1e12 ? number * 1000 : number;
  if (typeof value === "string") {
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

function readFileIfPresent(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

function withJwtExpiry(token: OAuthToken): OAuthToken {
  if (token.expiresAt === undefined) {
    const fromJwt = jwtExpiresAt(token.accessToken);
    if (fromJwt !== undefined) token.expiresAt = fromJwt;
  }
  return token;
}
