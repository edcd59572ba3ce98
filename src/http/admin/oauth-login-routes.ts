// /api/oauth: signing in to a subscription provider from the dashboard, with the same flows as `amrouter login`.
// `start` runs the provider's flow in the background and answers as soon as there is something to show: the device
// code and its URL, or the authorize URL (the loopback receiver is then listening, or the user pastes the code the
// provider's page shows). The dashboard polls the login until it is done or failed; a pasted code or redirect URL is
// posted to it. On success the token is stored as the connection's encrypted credential (the connection is created
// when it is new) and the registry reloads. Logins live in memory only (oauth-login-table.ts); no response ever
// carries a token or the device code.
import { t } from "elysia";
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { parsePastedAuthorization } from "../../oauth/pkce-flow.ts";
import type { FetchFunction } from "../../oauth/token-endpoint.ts";
import { adminPlugin, ConflictError, resourceNamePattern } from "./admin-plugin.ts";
import { ImportResult, loginConnections } from "./oauth-login-connection.ts";
import { loginStarter } from "./oauth-login-start.ts";
import { createLoginTable, describeFailure, LoginView } from "./oauth-login-table.ts";

/** What the routes reach outside themselves; tests pass a sleep that does not wait. */
export type OAuthLoginOptions = {
  fetch?: FetchFunction;
  now?: () => number;
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** How long a browser login waits for the redirect or the pasted code (default 10 minutes). */
  browserTimeoutMs?: number;
  /** How long start waits for the provider's first answer (default 30 s). */
  startTimeoutMs?: number;
  /** How long a finished login's outcome stays readable (default 10 minutes). */
  keepFinishedMs?: number;
  /** How many logins are held in memory at most, pending and finished (default 16). */
  maxLogins?: number;
  /** How long posting a pasted code waits for the token exchange before answering "pending" (default 15 s). */
  codeWaitMs?: number;
};

const LoginParams = t.Object({ loginId: t.String({ maxLength: 64 }) });
const ProviderParams = t.Object({ provider: t.String({ maxLength: 128 }) });
const ConnectionName = t.String({ pattern: resourceNamePattern, maxLength: 64, description: "the connection to sign in; default: the provider id" });

const minute = 60_000;

export function oauthLoginRoutes(runtime: GatewayRuntime, options: OAuthLoginOptions = {}) {
  const now = options.now ?? Date.now;
  const codeWaitMs = options.codeWaitMs ?? 15_000;
  const table = createLoginTable({ now, keepFinishedMs: options.keepFinishedMs ?? 10 * minute, maxLogins: options.maxLogins ?? 16 });
  const connections = loginConnections(runtime, { fetch: options.fetch, now });
  const start = loginStarter(
    runtime,
    { fetch: options.fetch, now, sleep: options.sleep, browserTimeoutMs: options.browserTimeoutMs ?? 10 * minute, startTimeoutMs: options.startTimeoutMs ?? 30_000 },
    table,
    connections,
  );

  return adminPlugin(runtime, "admin-oauth-login")
    .onStop(() => {
      for (const login of table.logins.values()) table.stop(login, "shutdown");
    })
    .post("/api/oauth/:provider/start", ({ params, body }) => start(connections.requireOAuthProvider(params.provider), body?.name, body?.mode), {
      params: ProviderParams,
      body: t.Optional(
        t.Object(
          {
            name: t.Optional(ConnectionName),
            mode: t.Optional(t.Union([t.Literal("loopback"), t.Literal("paste")], { description: "pkce only; default: paste when the provider has a code page, else loopback" })),
          },
          { additionalProperties: false },
        ),
      ),
      response: LoginView,
      detail: { tags: ["OAuth"], summary: "Start signing in to a subscription provider: the device code to enter, or the URL to open" },
    })
    .get("/api/oauth/logins/:loginId", ({ params }) => table.view(table.require(params.loginId)), {
      params: LoginParams,
      response: LoginView,
      detail: { tags: ["OAuth"], summary: "Poll a sign-in: pending, done (the connection holds the token) or failed" },
    })
    .post(
      "/api/oauth/logins/:loginId/code",
      async ({ params, body }) => {
        const login = table.require(params.loginId);
        if (login.status !== "pending") throw new ConflictError(`This sign-in is already ${login.status}.`);
        if (login.flow !== "pkce") throw new ConflictError("This sign-in uses a device code; it takes no pasted code.");
        if (login.pasted.submitted) throw new ConflictError("A code was already submitted for this sign-in; start a new one to try another.");
        let pasted: { code: string; state?: string };
        try {
          pasted = parsePastedAuthorization(body.code);
        } catch (error) {
          throw new InvalidRequestError(describeFailure(error), "invalid_code", "code");
        }
        if (pasted.state !== undefined && login.state !== undefined && pasted.state !== login.state) {
          throw new InvalidRequestError("That code belongs to a different sign-in (state mismatch). Paste the code from the page this sign-in opened.", "state_mismatch", "code");
        }
        login.pasted.submit(body.code);
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([login.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, codeWaitMs)))]);
        clearTimeout(timer);
        return table.view(login);
      },
      {
        params: LoginParams,
        body: t.Object({ code: t.String({ minLength: 1, maxLength: 8192, description: "the code, code#state, or the whole redirect URL" }) }, { additionalProperties: false }),
        response: LoginView,
        detail: { tags: ["OAuth"], summary: "Submit the code the provider's page showed (or the redirect URL); answers once it is exchanged" },
      },
    )
    .delete(
      "/api/oauth/logins/:loginId",
      ({ params }) => {
        const login = table.require(params.loginId);
        const cancelled = login.status === "pending";
        table.stop(login, "cancelled");
        table.logins.delete(login.id);
        return { cancelled };
      },
      {
        params: LoginParams,
        response: t.Object({ cancelled: t.Boolean({ description: "false when it had already finished (it is forgotten either way)" }) }),
        detail: { tags: ["OAuth"], summary: "Cancel a sign-in (closes the loopback listener) and forget it" },
      },
    )
    .post("/api/oauth/:provider/import", ({ params, body }) => connections.importFor(connections.requireOAuthProvider(params.provider), body.name, body.token), {
      params: ProviderParams,
      body: t.Object(
        {
          name: t.Optional(ConnectionName),
          token: t.String({ minLength: 1, maxLength: 65536, description: "a token, a JSON token, or the contents of the provider CLI's credential file" }),
        },
        { additionalProperties: false },
      ),
      response: ImportResult,
      detail: { tags: ["OAuth"], summary: "Use a login made elsewhere: store an imported token on the connection" },
    });
}
