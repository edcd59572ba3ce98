// Keeps OAuth connections signed in while the gateway runs. Every sweep (60 s) renews the tokens that expire
// within the refresh window (5 minutes, plus a clock-skew margin); `refreshNow` renews one on demand, for a 401
// from the provider. Refreshes are single-flight per connection: concurrent callers share one request, which
// matters because providers rotate refresh tokens and a second refresh with the spent one would fail. A refused
// refresh marks the connection as needing login and is not retried until its credential changes; a transient
// failure is retried on the next sweep.
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { OAuthError } from "./oauth-error.ts";
import { expiresWithin, parseToken, serializeToken } from "./oauth-token.ts";
import { refreshOAuthToken } from "./refresh-token.ts";
import type { FetchFunction } from "./token-endpoint.ts";

export type RefreshableConnection = {
  name: string;
  oauth: OAuthSettings;
  /** The decrypted credential text: a serialized OAuthToken (plain API keys are ignored). */
  credential: string;
};

export type TokenRefresherOptions = {
  /** The OAuth connections as they are now; called on every sweep and refresh. */
  connections: () => RefreshableConnection[];
  /** Persists a renewed credential (encrypted) and makes the request path use it. */
  save(name: string, credentialText: string): void;
  /** Records that only a new `amrouter login` can revive this connection; routing should skip it. */
  markNeedsLogin(name: string, reason: string): void;
  /** Told about failures that will be retried (for logging). */
  onTransientFailure?(name: string, message: string): void;
  now?: () => number;
  fetch?: FetchFunction;
  sweepIntervalMs?: number;
  refreshWindowMs?: number;
  /** Extra margin for a provider clock running ahead of ours. */
  skewMs?: number;
  /** After a transient failure, on-demand refreshes wait this long, so a burst of 401s during an outage is one request. */
  transientCooldownMs?: number;
};

export type TokenRefresher = {
  /** Renews every token expiring within the window; resolves when those refreshes have settled. */
  sweep(): Promise<void>;
  /**
   * Renews one connection's token now and returns the new access token, or undefined when it cannot be renewed.
   * Pass the access token the provider just rejected: if the connection already holds a newer one (another
   * request refreshed first), that one is returned without a second refresh.
   */
  refreshNow(name: string, rejectedAccessToken?: string): Promise<string | undefined>;
  start(): void;
  stop(): void;
};

export function createTokenRefresher(options: TokenRefresherOptions): TokenRefresher {
  const now = options.now ?? Date.now;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const refreshWindowMs = options.refreshWindowMs ?? 5 * 60_000;
  const skewMs = options.skewMs ?? 30_000;
  const transientCooldownMs = options.transientCooldownMs ?? 15_000;
  const inFlight = new Map<string, Promise<string | undefined>>();
  /** Connections whose refresh was refused, with the credential that was refused: skipped until it changes. */
  const refused = new Map<string, string>();
  /**
   * Credentials this refresher replaced, until `connections()` reflects the save. Without it a sweep that runs
   * before the new credential is visible would refresh again with the spent (rotated) refresh token.
   */
  const replaced = new Map<string, { from: string; to: string }>();
  /** When each connection's last transient failure happened. */
  const failedAt = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<void> | undefined;

  const current = (name: string): RefreshableConnection | undefined => {
    const connection = options.connections().find((each) => each.name === name);
    if (!connection) return undefined;
    const swap = replaced.get(name);
    if (!swap) return connection;
    if (connection.credential === swap.from) return { ...connection, credential: swap.to };
    replaced.delete(name);
    return connection;
  };

  const refresh = async (connection: RefreshableConnection): Promise<string | undefined> => {
    const token = parseToken(connection.credential);
    if (!token) return undefined;
    let text: string;
    let accessToken: string;
    try {
      const renewed = await refreshOAuthToken(connection.oauth, token, options.fetch, now);
      text = serializeToken(renewed);
      accessToken = renewed.accessToken;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof OAuthError && error.kind === "transient") {
        failedAt.set(connection.name, now());
        options.onTransientFailure?.(connection.name, message);
        return undefined;
      }
      refused.set(connection.name, connection.credential);
      options.markNeedsLogin(connection.name, message);
      return undefined;
    }
    failedAt.delete(connection.name);
    // Remembered before saving, so even a failed save leaves this process using the new (rotated) token.
    replaced.set(connection.name, { from: connection.credential, to: text });
    try {
      options.save(connection.name, text);
    } catch (error) {
      options.onTransientFailure?.(connection.name, `the renewed token could not be saved: ${(error as Error).message}`);
    }
    return accessToken;
  };

  const refreshNow = (name: string, rejectedAccessToken?: string): Promise<string | undefined> => {
    const running = inFlight.get(name);
    if (running) return running;
    const connection = current(name);
    if (!connection) return Promise.resolve(undefined);
    if (refused.get(name) === connection.credential) return Promise.resolve(undefined);
    refused.delete(name);
    const lastFailure = failedAt.get(name);
    if (lastFailure !== undefined && now() - lastFailure < transientCooldownMs) return Promise.resolve(undefined);
    const token = parseToken(connection.credential);
    if (!token) return Promise.resolve(undefined);
    if (rejectedAccessToken !== undefined && token.accessToken !== rejectedAccessToken) return Promise.resolve(token.accessToken);
    const work = refresh(connection).finally(() => inFlight.delete(name));
    inFlight.set(name, work);
    return work;
  };

  const sweepOnce = async (): Promise<void> => {
    const moment = now();
    const due = options
      .connections()
      .map((connection) => current(connection.name) ?? connection)
      .filter((connection) => {
        if (refused.get(connection.name) === connection.credential) return false;
        const token = parseToken(connection.credential);
        return token !== undefined && token.refreshToken !== undefined && expiresWithin(token, refreshWindowMs + skewMs, moment);
      });
    await Promise.all(due.map((connection) => refreshNow(connection.name)));
  };

  const sweep = (): Promise<void> => {
    // A slow sweep is not overlapped by the next tick; callers share the running one.
    sweeping ??= sweepOnce().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };

  return {
    sweep,
    refreshNow,
    start() {
      if (timer) return;
      void sweep();
      timer = setInterval(() => void sweep(), sweepIntervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
