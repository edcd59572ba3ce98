// Access tokens the gateway obtains on its own from a connection's long-lived credential (a Google service-account
// key signed into a JWT, an IBM Cloud API key at IAM). They live in memory only, per connection and credential:
// the credential itself is what is stored (encrypted) and a new process simply exchanges again. A token is renewed
// when it comes within the refresh window (5 minutes) of its expiry, exchanges are single-flight per key (a burst
// of requests makes one), and a 401 from the upstream drops the token it rejected.
import { registerSecret } from "../security/redact-secrets.ts";
import { expiresWithin, type OAuthToken } from "./oauth-token.ts";

export type TokenExchange = () => Promise<OAuthToken>;

export type ExchangedTokenCache = {
  /** A valid access token for `key`, exchanging (once, for all concurrent callers) when there is none. */
  accessToken(key: string, exchange: TokenExchange): Promise<string>;
  /** The upstream refused this token: the next call exchanges again, unless another request already did. */
  forget(key: string, rejectedAccessToken: string): void;
  clear(): void;
};

export function createExchangedTokenCache(options: { now?: () => number; refreshWindowMs?: number } = {}): ExchangedTokenCache {
  const now = options.now ?? Date.now;
  const refreshWindowMs = options.refreshWindowMs ?? 5 * 60_000;
  const tokens = new Map<string, OAuthToken>();
  const inFlight = new Map<string, Promise<string>>();

  return {
    accessToken(key, exchange) {
      const cached = tokens.get(key);
      if (cached && !expiresWithin(cached, refreshWindowMs, now())) return Promise.resolve(cached.accessToken);
      const running = inFlight.get(key);
      if (running) return running;
      const work = exchange()
        .then((token) => {
          registerSecret(token.accessToken);
          tokens.set(key, token);
          return token.accessToken;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, work);
      return work;
    },
    forget(key, rejectedAccessToken) {
      if (tokens.get(key)?.accessToken === rejectedAccessToken) tokens.delete(key);
    },
    clear() {
      tokens.clear();
    },
  };
}

/** The gateway's one cache of exchanged tokens, shared by the request path, discovery and `providers test`. */
export const exchangedTokens = createExchangedTokenCache();
