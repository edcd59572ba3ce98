// Dashboard sign-in: password login (throttled), logout, the current session, and password change.
import { Elysia, t } from "elysia";
import { AuthenticationError, GatewayError, InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { setAdminPassword, verifyAdminPassword } from "../../security/admin-password.ts";
import { createLoginThrottle } from "../../security/login-throttle.ts";
import { issueSessionToken, verifySessionToken } from "../../security/session-token.ts";
import { authenticateAdmin, readCookie, sessionCookieName } from "./admin-auth.ts";

const sessionLifetimeSeconds = 12 * 60 * 60;

function sessionCookie(request: Request, value: string, maxAge: number): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${sessionCookieName}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${secure}`;
}

export function sessionRoutes(runtime: GatewayRuntime) {
  const throttle = createLoginThrottle();
  return new Elysia({ name: "admin-session" })
    .post(
      "/api/auth/login",
      async ({ body, request, server }) => {
        const address = server?.requestIP(request)?.address ?? "unknown";
        const waitMs = throttle.retryAfterMs(address);
        if (waitMs > 0) {
          throw new GatewayError(`Too many failed sign-ins. Try again in ${Math.ceil(waitMs / 60_000)} minutes.`, 429, "rate_limit", "login_locked", null, { "retry-after": String(Math.ceil(waitMs / 1000)) });
        }
        if (!(await verifyAdminPassword(runtime.storage, body.password))) {
          throttle.recordFailure(address);
          throw new AuthenticationError("Wrong password.");
        }
        throttle.recordSuccess(address);
        const token = issueSessionToken(runtime.settings.jwtSecret, "admin", sessionLifetimeSeconds);
        return new Response(JSON.stringify({ authenticated: true }), {
          headers: { "content-type": "application/json", "set-cookie": sessionCookie(request, token, sessionLifetimeSeconds) },
        });
      },
      { body: t.Object({ password: t.String({ minLength: 1, maxLength: 1024 }) }), parse: "json" },
    )
    .post("/api/auth/logout", ({ request }) => new Response(JSON.stringify({ authenticated: false }), { headers: { "content-type": "application/json", "set-cookie": sessionCookie(request, "", 0) } }))
    .get("/api/auth/session", ({ request }) => {
      const token = readCookie(request, sessionCookieName);
      const claims = token ? verifySessionToken(runtime.settings.jwtSecret, token) : undefined;
      return { authenticated: claims !== undefined, expiresAt: claims ? claims.exp * 1000 : null };
    })
    .post(
      "/api/auth/password",
      async ({ body, request }) => {
        authenticateAdmin(runtime, request);
        if (!(await verifyAdminPassword(runtime.storage, body.currentPassword))) throw new AuthenticationError("The current password is wrong.");
        if (body.newPassword.length < 8) throw new InvalidRequestError("The new password must be at least 8 characters.", "password_too_short", "newPassword");
        setAdminPassword(runtime.storage, body.newPassword);
        return { changed: true };
      },
      { body: t.Object({ currentPassword: t.String(), newPassword: t.String({ maxLength: 1024 }) }), parse: "json" },
    );
}
