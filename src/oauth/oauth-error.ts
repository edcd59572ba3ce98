// The one error type of the OAuth flows, with a kind that says what the caller should do: log in again, retry
// later, or stop. Messages never contain a token.

export type OAuthErrorKind =
  /** The grant is gone (revoked or expired refresh token, no refresh token): only a new login helps. */
  | "needs-login"
  /** Network failure, timeout, 5xx or 429: the same request may work later. */
  | "transient"
  /** The user or the provider refused the authorization. */
  | "denied"
  /** The device code or the login window expired before the user finished. */
  | "expired"
  | "cancelled"
  /** The callback's state did not match: the redirect did not come from this login. */
  | "state-mismatch"
  /** The provider answered something this client does not understand. */
  | "protocol";

export class OAuthError extends Error {
  constructor(
    readonly kind: OAuthErrorKind,
    message: string,
    /** The OAuth `error` code the provider sent, when there was one. */
    readonly code: string | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "OAuthError";
  }
}

/** Turns an abort into the `cancelled` kind, so flows report one error type. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OAuthError("cancelled", "Login was cancelled");
}
