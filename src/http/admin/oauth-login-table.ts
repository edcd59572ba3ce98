// The dashboard's sign-ins in progress, in memory only: a bounded number, each with a deadline, a finished one
// readable for a while before it is forgotten. What a sign-in shows (LoginView) never carries a token or the
// device code.
import { t, type Static } from "elysia";
import type { CatalogProvider } from "../../catalog/catalog.ts";
import { GatewayError, NotFoundError } from "../../errors/gateway-errors.ts";
import { OAuthError } from "../../oauth/oauth-error.ts";

type LoginStatus = "pending" | "done" | "failed";
/** Why a login was stopped from here; the flow itself then reports only "cancelled". */
export type StopReason = "cancelled" | "expired" | "superseded" | "shutdown";

export type Login = {
  id: string;
  provider: CatalogProvider;
  connection: string;
  flow: "device-code" | "pkce";
  mode?: "loopback" | "paste";
  status: LoginStatus;
  error?: string;
  created?: boolean;
  userCode?: string;
  verificationUri?: string;
  verificationUriComplete?: string;
  authorizeUrl?: string;
  /** The PKCE state in the authorize URL, to refuse a pasted code from another login before it is spent. */
  state?: string;
  expiresAt: number;
  finishedAt?: number;
  controller: AbortController;
  stopReason?: StopReason;
  pasted: { promise: Promise<string>; submit(text: string): void; submitted: boolean };
  /** Settles when the login is done or failed. */
  settled: Promise<void>;
  /** Settles when the flow itself has ended and released what it held (the loopback port). */
  flowEnded: Promise<unknown>;
  settle(): void;
  timer?: ReturnType<typeof setTimeout>;
};

export const LoginView = t.Object({
  loginId: t.String(),
  provider: t.String(),
  connection: t.String({ description: "the connection the token is stored on (created when new)" }),
  flow: t.Union([t.Literal("device-code"), t.Literal("pkce")]),
  mode: t.Optional(t.Union([t.Literal("loopback"), t.Literal("paste")], { description: "pkce: loopback waits for the browser's redirect (a pasted redirect URL also works); paste needs the code the provider's page shows" })),
  status: t.Union([t.Literal("pending"), t.Literal("done"), t.Literal("failed")]),
  userCode: t.Optional(t.String({ description: "device-code: the code to enter at verificationUri" })),
  verificationUri: t.Optional(t.String()),
  verificationUriComplete: t.Optional(t.String({ description: "the verification URL with the code filled in, when the provider offers one" })),
  authorizeUrl: t.Optional(t.String({ description: "pkce: the URL to open in the browser" })),
  expiresAt: t.Number({ description: "when a pending login gives up (ms since the epoch)" }),
  created: t.Optional(t.Boolean({ description: "done: the connection was created by this login" })),
  error: t.Optional(t.String()),
});
export type LoginView = Static<typeof LoginView>;

/** A sign-in failed before there was anything to show, or the provider could not be reached. */
export class OAuthLoginError extends GatewayError {
  constructor(message: string, status = 502, code = "oauth_login_failed") {
    super(message, status, status === 504 ? "timeout" : status === 502 ? "upstream" : "invalid_request", code);
  }
}

class TooManyLoginsError extends GatewayError {
  constructor(limit: number) {
    super(`${limit} sign-ins are already in progress. Finish or cancel one (DELETE /api/oauth/logins/:loginId) first.`, 429, "rate_limit", "too_many_logins");
  }
}

export function describeFailure(error: unknown): string {
  if (error instanceof OAuthError || error instanceof GatewayError) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

export const stopMessages: Record<StopReason, string> = {
  cancelled: "The sign-in was cancelled",
  expired: "The sign-in was not completed in time; start it again",
  superseded: "A newer sign-in for this connection replaced this one",
  shutdown: "The gateway stopped before the sign-in finished",
};

export type LoginTable = {
  logins: Map<string, Login>;
  view(login: Login): LoginView;
  /** Aborts a pending login's flow; its outcome is final (failed, for this reason) from here. */
  stop(login: Login, reason: StopReason): void;
  finish(login: Login, status: "done" | "failed", error?: string): void;
  /** Drops finished logins past their keep time, then makes room for one more or refuses. */
  makeRoom(): void;
  /** The login with this id, unless it is unknown or finished too long ago. */
  require(id: string): Login;
};

export function createLoginTable(limits: { now: () => number; keepFinishedMs: number; maxLogins: number }): LoginTable {
  const { now, keepFinishedMs, maxLogins } = limits;
  const logins = new Map<string, Login>();

  const view = (login: Login): LoginView => {
    const result: LoginView = { loginId: login.id, provider: login.provider.id, connection: login.connection, flow: login.flow, status: login.status, expiresAt: login.expiresAt };
    if (login.mode) result.mode = login.mode;
    if (login.status === "pending") {
      if (login.userCode) result.userCode = login.userCode;
      if (login.verificationUri) result.verificationUri = login.verificationUri;
      if (login.verificationUriComplete) result.verificationUriComplete = login.verificationUriComplete;
      if (login.authorizeUrl) result.authorizeUrl = login.authorizeUrl;
    }
    if (login.created !== undefined) result.created = login.created;
    if (login.error) result.error = login.error;
    return result;
  };

  const finish = (login: Login, status: "done" | "failed", error?: string) => {
    if (login.status !== "pending") return;
    login.status = status;
    if (error) login.error = error;
    login.finishedAt = now();
    clearTimeout(login.timer);
    login.settle();
  };

  const stop = (login: Login, reason: StopReason) => {
    if (login.status !== "pending") return;
    login.stopReason ??= reason;
    login.controller.abort();
    // The flow reports the abort soon after; the outcome is final from here either way.
    finish(login, "failed", stopMessages[reason]);
  };

  const makeRoom = () => {
    const current = now();
    for (const [id, login] of logins) {
      if (login.status !== "pending" && current - (login.finishedAt ?? 0) > keepFinishedMs) logins.delete(id);
    }
    if (logins.size < maxLogins) return;
    const finished = [...logins.values()].filter((login) => login.status !== "pending").sort((left, right) => (left.finishedAt ?? 0) - (right.finishedAt ?? 0));
    if (finished.length === 0) throw new TooManyLoginsError(maxLogins);
    logins.delete(finished[0]!.id);
  };

  const require = (id: string): Login => {
    const login = logins.get(id);
    if (!login || (login.status !== "pending" && now() - (login.finishedAt ?? 0) > keepFinishedMs)) {
      logins.delete(id);
      throw new NotFoundError(`There is no sign-in with id "${id}" (it finished a while ago, or the gateway restarted).`, "login_not_found", "loginId");
    }
    return login;
  };

  return { logins, view, stop, finish, makeRoom, require };
}
