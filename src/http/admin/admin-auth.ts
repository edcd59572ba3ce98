// Who may use /api: a dashboard session (cookie, CSRF-checked for anything that changes state) or an
// admin-scoped API key (Bearer amr_..., for automation). Everything else gets a 401.
import { AuthenticationError, PermissionError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { verifySessionToken } from "../../security/session-token.ts";
import { presentedApiKey } from "../plugins/client-auth.ts";

export const sessionCookieName = "amrouter_session";
export const csrfHeaderName = "x-amrouter-csrf";

export type AdminIdentity = { kind: "session" | "api-key"; subject: string };

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  return origin === new URL(request.url).origin || origin === `http://${request.headers.get("host")}` || origin === `https://${request.headers.get("host")}`;
}

export function authenticateAdmin(runtime: GatewayRuntime, request: Request): AdminIdentity {
  const key = presentedApiKey(request);
  if (key?.startsWith("amr_")) {
    const identity = runtime.apiKeys.identify(key);
    if (!identity) throw new AuthenticationError("Invalid or revoked API key.");
    if (identity.scope !== "admin") throw new PermissionError(`The key "${identity.name}" is a client key; the admin API needs an admin key (amrouter keys create NAME --admin) or a dashboard session.`);
    return { kind: "api-key", subject: identity.name };
  }
  const token = readCookie(request, sessionCookieName);
  const claims = token ? verifySessionToken(runtime.settings.jwtSecret, token) : undefined;
  if (!claims) throw new AuthenticationError("Sign in to the dashboard, or send an admin API key as Authorization: Bearer amr_...");
  if (request.method !== "GET" && request.method !== "HEAD") {
    if (request.headers.get(csrfHeaderName) !== "1" || !sameOrigin(request)) {
      throw new PermissionError(`State-changing requests with a session cookie must come from the dashboard (header ${csrfHeaderName}: 1, same origin).`);
    }
  }
  return { kind: "session", subject: claims.sub };
}
