// Reads the claims of a JWT without verifying it. Used only for hints the provider already gave us (a token's
// expiry, a Codex account id), never to decide whether a token is trusted.
import { isRecord } from "./oauth-token.ts";

export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return isRecord(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The `exp` claim in milliseconds, when the token is a JWT that has one. */
export function jwtExpiresAt(token: string): number | undefined {
  const exp = decodeJwtClaims(token)?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
}

/** The ChatGPT account id in a Codex id token (claim `https://api.openai.com/auth`.chatgpt_account_id). */
export function chatgptAccountIdOf(idToken: string): string | undefined {
  const auth = decodeJwtClaims(idToken)?.["https://api.openai.com/auth"];
  return isRecord(auth) && typeof auth.chatgpt_account_id === "string" ? auth.chatgpt_account_id : undefined;
}
