// The background refresher against the mock provider, with an injected clock: only tokens expiring within the
// 5-minute window (plus skew) are renewed, ten concurrent refreshNow calls make one token request, a revoked
// refresh token marks the connection once and is not retried, a transient failure is retried on the next sweep,
// and a 401 retry after someone else already refreshed does not refresh twice.
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import type { OAuthSettings } from "../../src/catalog/provider-schema.ts";
import { parseToken, serializeToken } from "../../src/oauth/oauth-token.ts";
import { createTokenRefresher, type TokenRefresherOptions } from "../../src/oauth/token-refresher.ts";
import { startMockOAuthServer } from "./mock-oauth-server.ts";

const server = startMockOAuthServer();
afterAll(() => server.stop());
beforeEach(() => {
  server.failNextRefreshes = 0;
  server.rotateRefreshTokens = true;
});

/** An in-memory stand-in for the connections table, with the callbacks the runtime would give. */
function harness(expiresInMs: Record<string, number>, settings: OAuthSettings = server.settings(), clockStart = Date.now()) {
  let clock = clockStart;
  const credentials = new Map<string, string>();
  for (const [name, inMs] of Object.entries(expiresInMs)) {
    credentials.set(name, serializeToken({ ...server.issue(), expiresAt: clock + inMs, obtainedAt: clock }));
  }
  const saved: string[] = [];
  const needsLogin: Array<{ name: string; reason: string }> = [];
  const transient: string[] = [];
  const options: TokenRefresherOptions = {
    connections: () => [...credentials].map(([name, credential]) => ({ name, oauth: settings, credential })),
    save(name, text) {
      saved.push(name);
      credentials.set(name, text);
    },
    markNeedsLogin(name, reason) {
      needsLogin.push({ name, reason });
    },
    onTransientFailure(name) {
      transient.push(name);
    },
    now: () => clock,
  };
  return {
    options,
    credentials,
    saved,
    needsLogin,
    transient,
    advance(milliseconds: number) {
      clock += milliseconds;
    },
    token: (name: string) => parseToken(credentials.get(name))!,
  };
}

describe("token refresher", () => {
  test("a sweep renews only tokens expiring within 5 minutes (30 s skew margin included)", async () => {
    const world = harness({ soon: 4 * 60_000, edge: 5 * 60_000 + 20_000, beyondSkew: 5 * 60_000 + 40_000, later: 10 * 60_000, expired: -60_000 });
    const before = { ...Object.fromEntries(world.credentials) };
    await createTokenRefresher(world.options).sweep();
    expect(world.saved.sort()).toEqual(["edge", "expired", "soon"]);
    expect(world.credentials.get("later")).toBe(before.later!);
    expect(world.credentials.get("beyondSkew")).toBe(before.beyondSkew!);
    for (const name of ["soon", "edge", "expired"]) {
      expect(server.isValidAccessToken(world.token(name).accessToken)).toBe(true);
      expect(world.token(name).accessToken).not.toBe(parseToken(before[name])!.accessToken);
    }
  });

  test("a plain API key and a token without a refresh token are left alone", async () => {
    const world = harness({});
    world.credentials.set("plain", "sk-plain-key");
    world.credentials.set("no-refresh", serializeToken({ accessToken: "a", expiresAt: Date.now() - 1, obtainedAt: 0 }));
    const hits = server.hits.refresh;
    await createTokenRefresher(world.options).sweep();
    expect(server.hits.refresh).toBe(hits);
    expect(world.needsLogin).toEqual([]);
  });

  test("10 concurrent refreshNow calls share one refresh", async () => {
    const world = harness({ busy: 60 * 60_000 });
    const refresher = createTokenRefresher(world.options);
    const hits = server.hits.refresh;
    const results = await Promise.all(Array.from({ length: 10 }, () => refresher.refreshNow("busy")));
    expect(server.hits.refresh).toBe(hits + 1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe(world.token("busy").accessToken);
    expect(world.saved).toEqual(["busy"]);
  });

  test("a 401 retry after another request already refreshed returns the newer token without refreshing", async () => {
    const world = harness({ shared: 60 * 60_000 });
    const refresher = createTokenRefresher(world.options);
    const rejected = world.token("shared").accessToken;
    const first = await refresher.refreshNow("shared", rejected);
    const hits = server.hits.refresh;
    expect(await refresher.refreshNow("shared", rejected)).toBe(first!);
    expect(server.hits.refresh).toBe(hits);
  });

  test("a revoked refresh token marks the connection once and is not retried", async () => {
    const world = harness({ revoked: 60_000 });
    server.revoke(world.token("revoked").refreshToken!);
    const refresher = createTokenRefresher(world.options);
    const hits = server.hits.refresh;
    await refresher.sweep();
    expect(world.needsLogin.map((entry) => entry.name)).toEqual(["revoked"]);
    expect(world.needsLogin[0]!.reason).toContain("invalid_grant");
    for (let sweep = 0; sweep < 5; sweep++) {
      world.advance(60_000);
      await refresher.sweep();
    }
    expect(await refresher.refreshNow("revoked")).toBeUndefined();
    expect(server.hits.refresh).toBe(hits + 1);
    expect(world.needsLogin.length).toBe(1);

    // After a new login the connection is refreshed again.
    world.credentials.set("revoked", serializeToken({ ...server.issue(), expiresAt: Date.now() + 60_000, obtainedAt: Date.now() }));
    await refresher.sweep();
    expect(world.saved).toEqual(["revoked"]);
  });

  test("a transient failure is retried on the next sweep, and 401 bursts in between wait", async () => {
    const world = harness({ flaky: 60_000 });
    server.failNextRefreshes = 1;
    const refresher = createTokenRefresher(world.options);
    const hits = server.hits.refresh;
    await refresher.sweep();
    expect(world.transient).toEqual(["flaky"]);
    expect(world.saved).toEqual([]);
    expect(world.needsLogin).toEqual([]);
    world.advance(1000);
    await Promise.all(Array.from({ length: 5 }, () => refresher.refreshNow("flaky")));
    expect(server.hits.refresh).toBe(hits + 1);
    world.advance(60_000);
    await refresher.sweep();
    expect(world.saved).toEqual(["flaky"]);
    expect(server.hits.refresh).toBe(hits + 2);
  });

  test("a save the runtime has not reflected yet does not cause a second refresh with the spent token", async () => {
    const world = harness({ slow: 60_000 });
    // The runtime persists but its connection list still shows the old credential.
    const stale = world.credentials.get("slow")!;
    world.options.save = (name) => world.saved.push(name);
    world.options.connections = () => [{ name: "slow", oauth: server.settings(), credential: stale }];
    const refresher = createTokenRefresher(world.options);
    await refresher.sweep();
    await refresher.sweep();
    expect(world.saved).toEqual(["slow"]);
    expect(world.needsLogin).toEqual([]);
  });

  test("start() sweeps on a timer and stop() ends it", async () => {
    // Tokens that live one second are due on every sweep, so each tick refreshes.
    server.expiresIn = 1;
    try {
      const world = harness({ timed: 60_000 });
      const refresher = createTokenRefresher({ ...world.options, sweepIntervalMs: 10 });
      refresher.start();
      await Bun.sleep(45);
      refresher.stop();
      expect(world.saved.length).toBeGreaterThanOrEqual(2);
      const count = world.saved.length;
      await Bun.sleep(30);
      expect(world.saved.length).toBeLessThanOrEqual(count + 1);
    } finally {
      server.expiresIn = 3600;
    }
  });
});
