// A local OAuth provider for the flow tests, on 127.0.0.1 with a random port: an authorize endpoint that redirects to
// the loopback callback (a test "browses" by fetching it), a device code endpoint, a token endpoint for the
// authorization_code (PKCE S256 checked), device_code and refresh_token grants (rotating, revocable), and a GitHub
// Copilot style token exchange. Its Date header can run ahead of or behind the test's clock, to exercise skew.
import { createHash } from "node:crypto";
import type { OAuthSettings } from "../../src/catalog/provider-schema.ts";

export type DeviceStep = "pending" | "slow_down" | "approve" | "deny" | "expire";

export type MockOAuthServer = {
  url: string;
  /** Settings for a client of this server; pass overrides per flow. */
  settings(overrides?: Partial<OAuthSettings>): OAuthSettings;
  hits: { authorize: number; device: number; token: number; refresh: number; exchange: number };
  /** The encoding and fields of the last token endpoint request. */
  lastTokenRequest: { contentType: string; fields: Record<string, string> } | undefined;
  /** What each device-code poll answers, in order; after the list ends every poll approves. */
  deviceScript: DeviceStep[];
  /** Seconds in expires_in (and until a Copilot token's expires_at). */
  expiresIn: number;
  /** Rotate refresh tokens on refresh (the old one stops working). */
  rotateRefreshTokens: boolean;
  /** Milliseconds the server's clock runs ahead (positive) or behind (negative) the real one. */
  clockOffsetMs: number;
  /** Answer the next N refresh requests with 503. */
  failNextRefreshes: number;
  /** Replace the state in the authorize redirect, as a forged callback would. */
  forgeState: string | undefined;
  /** Refuse the authorization at the authorize endpoint with this OAuth error. */
  authorizeError: string | undefined;
  /** Extra fields in every token response (resource_url, id_token). */
  extraTokenFields: Record<string, unknown>;
  /** Send refresh tokens with issued tokens. */
  issueRefreshTokens: boolean;
  revoke(refreshToken: string): void;
  /** Issues a token pair directly, as if a login had happened. */
  issue(): { accessToken: string; refreshToken: string };
  isValidAccessToken(token: string): boolean;
  stop(): void;
};

export const mockClientId = "mock-client";

export function startMockOAuthServer(): MockOAuthServer {
  let counter = 0;
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
  const devices = new Map<string, { challenge?: string; polls: number }>();
  const liveRefreshTokens = new Set<string>();
  const liveAccessTokens = new Set<string>();

  const issue = () => {
    counter++;
    const accessToken = `access-${counter}`;
    const refreshToken = `refresh-${counter}`;
    liveAccessTokens.add(accessToken);
    liveRefreshTokens.add(refreshToken);
    return { accessToken, refreshToken };
  };

  const serverNow = () => Date.now() + state.clockOffsetMs;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", date: new Date(serverNow()).toUTCString() } });
  const oauthError = (status: number, error: string, description?: string) => json(status, description ? { error, error_description: description } : { error });
  const tokenBody = () => {
    const pair = issue();
    const body: Record<string, unknown> = { access_token: pair.accessToken, token_type: "Bearer", expires_in: state.expiresIn, ...state.extraTokenFields };
    if (state.issueRefreshTokens) body.refresh_token = pair.refreshToken;
    return body;
  };

  const readFields = async (request: Request): Promise<Record<string, string>> => {
    const text = await request.text();
    if ((request.headers.get("content-type") ?? "").includes("application/json")) return JSON.parse(text) as Record<string, string>;
    return Object.fromEntries(new URLSearchParams(text));
  };

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === "/authorize" && request.method === "GET") {
        state.hits.authorize++;
        const redirectUri = url.searchParams.get("redirect_uri");
        const callbackState = url.searchParams.get("state");
        if (url.searchParams.get("client_id") !== mockClientId || !redirectUri) return new Response("bad client", { status: 400 });
        const target = new URL(redirectUri);
        if (state.authorizeError) {
          target.searchParams.set("error", state.authorizeError);
          target.searchParams.set("state", callbackState ?? "");
          return Response.redirect(target.toString(), 302);
        }
        if (url.searchParams.get("response_type") !== "code" || url.searchParams.get("code_challenge_method") !== "S256") return new Response("PKCE required", { status: 400 });
        const code = `code-${++counter}`;
        codes.set(code, { challenge: url.searchParams.get("code_challenge") ?? "", redirectUri, clientId: mockClientId });
        target.searchParams.set("code", code);
        target.searchParams.set("state", state.forgeState ?? callbackState ?? "");
        return Response.redirect(target.toString(), 302);
      }
      if (url.pathname === "/device/code" && request.method === "POST") {
        state.hits.device++;
        const fields = await readFields(request);
        if (fields.client_id !== mockClientId) return oauthError(400, "invalid_client");
        const deviceCode = `device-${++counter}`;
        devices.set(deviceCode, { challenge: fields.code_challenge, polls: 0 });
        return json(200, {
          device_code: deviceCode,
          user_code: "ABCD-1234",
          verification_uri: `${state.url}/device`,
          verification_uri_complete: `${state.url}/device?user_code=ABCD-1234`,
          expires_in: 900,
          interval: 5,
        });
      }
      if (url.pathname === "/token" && request.method === "POST") {
        state.hits.token++;
        const fields = await readFields(request);
        state.lastTokenRequest = { contentType: request.headers.get("content-type") ?? "", fields };
        if (fields.client_id !== mockClientId) return oauthError(401, "invalid_client");
        if (fields.grant_type === "authorization_code") {
          const grant = fields.code ? codes.get(fields.code) : undefined;
          if (!grant) return oauthError(400, "invalid_grant", "unknown or used code");
          codes.delete(fields.code!);
          if (grant.redirectUri !== fields.redirect_uri) return oauthError(400, "invalid_grant", "redirect_uri mismatch");
          const challenge = createHash("sha256").update(fields.code_verifier ?? "").digest("base64url");
          if (challenge !== grant.challenge) return oauthError(400, "invalid_grant", "PKCE verification failed");
          return json(200, tokenBody());
        }
        if (fields.grant_type === "urn:ietf:params:oauth:grant-type:device_code") {
          const device = fields.device_code ? devices.get(fields.device_code) : undefined;
          if (!device) return oauthError(400, "invalid_grant");
          if (device.challenge !== undefined && createHash("sha256").update(fields.code_verifier ?? "").digest("base64url") !== device.challenge) {
            return oauthError(400, "invalid_grant", "PKCE verification failed");
          }
          const step = state.deviceScript[device.polls++] ?? "approve";
          if (step === "pending") return oauthError(400, "authorization_pending");
          if (step === "slow_down") return oauthError(400, "slow_down");
          if (step === "deny") return oauthError(400, "access_denied");
          if (step === "expire") return oauthError(400, "expired_token");
          devices.delete(fields.device_code!);
          return json(200, tokenBody());
        }
        if (fields.grant_type === "refresh_token") {
          state.hits.refresh++;
          if (state.failNextRefreshes > 0) {
            state.failNextRefreshes--;
            return json(503, { error: "temporarily_unavailable" });
          }
          const presented = fields.refresh_token ?? "";
          if (!liveRefreshTokens.has(presented)) return oauthError(400, "invalid_grant", "refresh token revoked or expired");
          const pair = issue();
          const body: Record<string, unknown> = { access_token: pair.accessToken, token_type: "Bearer", expires_in: state.expiresIn, ...state.extraTokenFields };
          if (state.rotateRefreshTokens) {
            liveRefreshTokens.delete(presented);
            body.refresh_token = pair.refreshToken;
          }
          return json(200, body);
        }
        return oauthError(400, "unsupported_grant_type");
      }
      if (url.pathname === "/copilot/token" && request.method === "GET") {
        state.hits.exchange++;
        const presented = (request.headers.get("authorization") ?? "").replace(/^token /, "");
        if (!liveAccessTokens.has(presented)) return json(401, { message: "Bad credentials" });
        const copilotToken = `copilot-${++counter}`;
        liveAccessTokens.add(copilotToken);
        return json(200, {
          token: copilotToken,
          expires_at: Math.floor(serverNow() / 1000) + state.expiresIn,
          refresh_in: state.expiresIn - 300,
          endpoints: { api: "https://api.individual.example.test" },
        });
      }
      return new Response("not found", { status: 404 });
    },
  });

  const state: MockOAuthServer = {
    url: `http://127.0.0.1:${server.port}`,
    settings(overrides = {}) {
      return {
        flow: "pkce",
        clientId: mockClientId,
        authorizeUrl: `${state.url}/authorize`,
        tokenUrl: `${state.url}/token`,
        deviceCodeUrl: `${state.url}/device/code`,
        redirectPort: 0,
        redirectPath: "/callback",
        redirectHost: "127.0.0.1",
        ...overrides,
      };
    },
    hits: { authorize: 0, device: 0, token: 0, refresh: 0, exchange: 0 },
    lastTokenRequest: undefined,
    deviceScript: [],
    expiresIn: 3600,
    rotateRefreshTokens: true,
    clockOffsetMs: 0,
    failNextRefreshes: 0,
    forgeState: undefined,
    authorizeError: undefined,
    extraTokenFields: {},
    issueRefreshTokens: true,
    revoke(refreshToken) {
      liveRefreshTokens.delete(refreshToken);
    },
    issue,
    isValidAccessToken: (token) => liveAccessTokens.has(token),
    stop() {
      void server.stop(true);
    },
  };
  return state;
}

/** What a browser does with the authorize URL: follow the redirects to the loopback callback. */
export async function browse(url: string): Promise<Response> {
  return fetch(url, { redirect: "follow" });
}

/** A sleep that does not wait, recording what it was asked to wait. */
export function recordingSleep(): { sleep: (milliseconds: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (milliseconds: number) => {
      waits.push(milliseconds);
    },
  };
}
