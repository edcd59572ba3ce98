// The admin API refuses anyone without a dashboard session or an admin key: no cookie, a forged or expired
// cookie, a client key, a cross-site state change, and password guessing past the lockout.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { issueSessionToken } from "../../src/security/session-token.ts";
import { createApiKey } from "../../src/storage/repositories/api-keys-repository.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
let adminKey = "";
let clientKey = "";
beforeAll(async () => {
  fixture = await startGatewayFixture({ environment: { INITIAL_PASSWORD: "correct-horse-battery" } });
  adminKey = createApiKey(fixture.gateway.runtime.storage, "automation", { scope: "admin" }).key;
  clientKey = createApiKey(fixture.gateway.runtime.storage, "app").key;
  fixture.gateway.runtime.reload();
});
afterAll(() => fixture.stop());

const url = (path: string) => `${fixture.gateway.url}${path}`;

async function login(password: string, headers: Record<string, string> = {}) {
  return fetch(url("/api/auth/login"), { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ password }) });
}

describe("admin authentication", () => {
  test("no cookie, a forged cookie or an expired cookie is a 401", async () => {
    expect((await fetch(url("/api/usage"))).status).toBe(401);
    expect((await fetch(url("/api/usage"), { headers: { cookie: "amrouter_session=not.a.token" } })).status).toBe(401);
    const forged = issueSessionToken("some-other-secret-that-is-long-enough-0123", "admin", 3600);
    expect((await fetch(url("/api/usage"), { headers: { cookie: `amrouter_session=${forged}` } })).status).toBe(401);
    const expired = issueSessionToken(fixture.gateway.settings.jwtSecret, "admin", 60, Date.now() - 3_600_000);
    expect((await fetch(url("/api/usage"), { headers: { cookie: `amrouter_session=${expired}` } })).status).toBe(401);
  });

  test("a client key is refused with 403; an admin key is accepted", async () => {
    expect((await fetch(url("/api/usage"), { headers: { authorization: `Bearer ${clientKey}` } })).status).toBe(403);
    const response = await fetch(url("/api/usage"), { headers: { authorization: `Bearer ${adminKey}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { totals: { requests: number } }).totals.requests).toBeGreaterThanOrEqual(0);
  });

  test("the right password gives an HttpOnly SameSite=Strict session cookie that works", async () => {
    const response = await login("correct-horse-battery");
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const session = cookie.split(";")[0]!;
    expect((await fetch(url("/api/usage"), { headers: { cookie: session } })).status).toBe(200);
    expect(await (await fetch(url("/api/auth/session"), { headers: { cookie: session } })).json()).toMatchObject({ authenticated: true });
  });

  test("a state change with a session cookie needs the CSRF header and the same origin", async () => {
    const session = (await login("correct-horse-battery")).headers.get("set-cookie")!.split(";")[0]!;
    const change = (headers: Record<string, string>) =>
      fetch(url("/api/auth/password"), {
        method: "POST",
        headers: { "content-type": "application/json", cookie: session, ...headers },
        body: JSON.stringify({ currentPassword: "correct-horse-battery", newPassword: "correct-horse-battery" }),
      });
    expect((await change({})).status).toBe(403);
    expect((await change({ "x-amrouter-csrf": "1", origin: "https://evil.example" })).status).toBe(403);
    expect((await change({ "x-amrouter-csrf": "1", origin: fixture.gateway.url })).status).toBe(200);
  });

  test("wrong passwords lock the address out after five tries, even for the right password", async () => {
    for (let attempt = 0; attempt < 5; attempt++) expect((await login("wrong-password")).status).toBe(401);
    const locked = await login("correct-horse-battery");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
