// The RFC 8628 device flow against the mock provider: polling at the server's interval, slow_down adding 5 s,
// pending until approval, refusal, expiry (by the server and by the clock), cancellation, Qwen's PKCE variant and
// GitHub Copilot's token exchange with a server clock that runs ahead.
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { runDeviceCodeFlow } from "../../src/oauth/device-code-flow.ts";
import { OAuthError } from "../../src/oauth/oauth-error.ts";
import { recordingSleep, startMockOAuthServer } from "./mock-oauth-server.ts";

const server = startMockOAuthServer();
afterAll(() => server.stop());
beforeEach(() => {
  server.deviceScript = [];
  server.clockOffsetMs = 0;
  server.expiresIn = 3600;
});

describe("device code flow", () => {
  test("shows the user code, polls through pending and slow_down, and returns the token", async () => {
    server.deviceScript = ["pending", "slow_down", "pending", "approve"];
    const { sleep, waits } = recordingSleep();
    const shown: string[] = [];
    const before = Date.now();
    const token = await runDeviceCodeFlow(server.settings({ flow: "device-code" }), {
      sleep,
      onUserCode: (authorization) => {
        shown.push(`${authorization.userCode} ${authorization.verificationUri}`);
      },
    });
    expect(shown).toEqual([`ABCD-1234 ${server.url}/device`]);
    expect(waits).toEqual([5000, 5000, 10000, 10000]);
    expect(server.isValidAccessToken(token.accessToken)).toBe(true);
    expect(token.refreshToken).toMatch(/^refresh-/);
    expect(token.expiresAt! - before).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(token.expiresAt! - Date.now()).toBeLessThanOrEqual(3600_000);
  });

  test("a refusal ends the flow as denied", async () => {
    server.deviceScript = ["pending", "deny"];
    const error = await runDeviceCodeFlow(server.settings(), { sleep: recordingSleep().sleep, onUserCode() {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).kind).toBe("denied");
  });

  test("expired_token from the server ends the flow as expired", async () => {
    server.deviceScript = ["pending", "expire"];
    const error = (await runDeviceCodeFlow(server.settings(), { sleep: recordingSleep().sleep, onUserCode() {} }).catch((caught: unknown) => caught)) as OAuthError;
    expect(error.kind).toBe("expired");
  });

  test("the flow gives up by itself once the device code's lifetime has passed", async () => {
    server.deviceScript = Array.from({ length: 1000 }, () => "pending" as const);
    let clock = Date.now();
    const pollsBefore = server.hits.token;
    const error = (await runDeviceCodeFlow(server.settings(), {
      now: () => clock,
      sleep: async (milliseconds) => {
        clock += milliseconds;
      },
      onUserCode() {},
    }).catch((caught: unknown) => caught)) as OAuthError;
    expect(error.kind).toBe("expired");
    // 900 s at 5 s per poll: about 180 polls, not 1000.
    expect(server.hits.token - pollsBefore).toBeGreaterThan(170);
    expect(server.hits.token - pollsBefore).toBeLessThan(190);
  });

  test("aborting stops the polling", async () => {
    server.deviceScript = Array.from({ length: 100 }, () => "pending" as const);
    const controller = new AbortController();
    let polls = 0;
    const error = (await runDeviceCodeFlow(server.settings(), {
      signal: controller.signal,
      sleep: async () => {
        if (++polls === 3) controller.abort();
      },
      onUserCode() {},
    }).catch((caught: unknown) => caught)) as OAuthError;
    expect(error.kind).toBe("cancelled");
  });

  test("Qwen style: the device request carries a PKCE challenge the token poll must prove", async () => {
    const devicesBefore = server.hits.device;
    const token = await runDeviceCodeFlow(server.settings({ flow: "device-code", devicePkce: true }), { sleep: recordingSleep().sleep, onUserCode() {} });
    expect(server.hits.device).toBe(devicesBefore + 1);
    expect(server.isValidAccessToken(token.accessToken)).toBe(true);
  });

  test("Qwen style: resource_url becomes the account's API base URL", async () => {
    server.extraTokenFields = { resource_url: "portal.example.test" };
    try {
      const token = await runDeviceCodeFlow(server.settings({ devicePkce: true }), { sleep: recordingSleep().sleep, onUserCode() {} });
      expect(token.apiBaseUrl).toBe("https://portal.example.test/v1");
    } finally {
      server.extraTokenFields = {};
    }
  });

  test("GitHub Copilot style: the GitHub token is exchanged; a server clock 10 minutes ahead is corrected", async () => {
    server.clockOffsetMs = 10 * 60_000;
    server.expiresIn = 1800;
    const exchangesBefore = server.hits.exchange;
    const token = await runDeviceCodeFlow(server.settings({ flow: "device-code", tokenExchangeUrl: `${server.url}/copilot/token` }), {
      sleep: recordingSleep().sleep,
      onUserCode() {},
    });
    expect(server.hits.exchange).toBe(exchangesBefore + 1);
    expect(token.accessToken).toMatch(/^copilot-/);
    // The GitHub token is kept as the long-lived credential the exchange is repeated with.
    expect(token.refreshToken).toMatch(/^access-/);
    expect(token.apiBaseUrl).toBe("https://api.individual.example.test");
    // Without the correction the expiry would be 40 minutes away; with it, 30.
    expect(Math.abs(token.expiresAt! - (Date.now() + 1800_000))).toBeLessThan(3000);
  });
});
