// /api/oauth: signing in to a subscription provider from the dashboard, with the same flows as `amrouter login`.
// `start` runs the provider's flow in the background and answers as soon as there is something to show: the device
// code and its URL, or the authorize URL (the loopback receiver is then listening, or the user pastes the code the
// provider's page shows). The dashboard polls the login until it is done or failed; a pasted code or redirect URL is
// posted to it. On success the token is stored as the connection's encrypted credential (the connection is created
// when it is new) and the registry reloads. Logins live in memory only, a bounded number, each with a deadline;
// no response ever carries a token or the device code.
import { t, type Static } from "elysia";
import type { CatalogProvider } from "../../catalog/catalog.ts";
import type { OAuthSettings } from "../../catalog/provider-schema.ts";
import { GatewayError, InvalidRequestError, NotFoundError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { startModelDiscovery } from "../../gateway/model-discovery.ts";
import { runDeviceCodeFlow } from "../../oauth/device-code-flow.ts";
import { clearConnectionNeedsLogin, saveConnectionCredential } from "../../oauth/oauth-connection-store.ts";
import { OAuthError } from "../../oauth/oauth-error.ts";
import { serializeToken, type OAuthToken } from "../../oauth/oauth-token.ts";
import { parsePastedAuthorization, runPkceFlow } from "../../oauth/pkce-flow.ts";
import type { FetchFunction } from "../../oauth/token-endpoint.ts";
import { importToken } from "../../oauth/token-import.ts";
import { findConnectionRow, upsertConnection } from "../../storage/repositories/connections-repository.ts";
import { adminPlugin, ConflictError, resourceNamePattern } from "./admin-plugin.ts";
import { ConnectionView, toConnectionView } from "./connection-view.ts";

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

type LoginStatus = "pending" | "done" | "failed";
/** Why a login was stopped from here; the flow itself then reports only "cancelled". */
type StopReason = "cancelled" | "expired" | "superseded" | "shutdown";

type Login = {
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

const LoginParams = t.Object({ loginId: t.String({ maxLength: 64 }) });
const ProviderParams = t.Object({ provider: t.String({ maxLength: 128 }) });
const ConnectionName = t.String({ pattern: resourceNamePattern, maxLength: 64, description: "the connection to sign in; default: the provider id" });

const LoginView = t.Object({
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
type LoginView = Static<typeof LoginView>;

const ImportResult = t.Object({
  connection: ConnectionView,
  created: t.Boolean(),
  expiresAt: t.Union([t.Number(), t.Null()], { description: "when the imported access token expires, when known" }),
  renewable: t.Boolean({ description: "a refresh token came with it, so the gateway renews the access token itself" }),
});

/** A sign-in failed before there was anything to show, or the provider could not be reached. */
class OAuthLoginError extends GatewayError {
  constructor(message: string, status = 502, code = "oauth_login_failed") {
    super(message, status, status === 504 ? "timeout" : status === 502 ? "upstream" : "invalid_request", code);
  }
}

class TooManyLoginsError extends GatewayError {
  constructor(limit: number) {
    super(`${limit} sign-ins are already in progress. Finish or cancel one (DELETE /api/oauth/logins/:loginId) first.`, 429, "rate_limit", "too_many_logins");
  }
}

const minute = 60_000;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

function describeFailure(error: unknown): string {
  if (error instanceof OAuthError || error instanceof GatewayError) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

const stopMessages: Record<StopReason, string> = {
  cancelled: "The sign-in was cancelled",
  expired: "The sign-in was not completed in time; start it again",
  superseded: "A newer sign-in for this connection replaced this one",
  shutdown: "The gateway stopped before the sign-in finished",
};

export function oauthLoginRoutes(runtime: GatewayRuntime, options: OAuthLoginOptions = {}) {
  const now = options.now ?? Date.now;
  const browserTimeoutMs = options.browserTimeoutMs ?? 10 * minute;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const keepFinishedMs = options.keepFinishedMs ?? 10 * minute;
  const maxLogins = options.maxLogins ?? 16;
  const codeWaitMs = options.codeWaitMs ?? 15_000;
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

  const stop = (login: Login, reason: StopReason) => {
    if (login.status !== "pending") return;
    login.stopReason ??= reason;
    login.controller.abort();
    // The flow reports the abort soon after; the outcome is final from here either way.
    finish(login, "failed", stopMessages[reason]);
  };

  const finish = (login: Login, status: "done" | "failed", error?: string) => {
    if (login.status !== "pending") return;
    login.status = status;
    if (error) login.error = error;
    login.finishedAt = now();
    clearTimeout(login.timer);
    login.settle();
  };

  /** Drops finished logins past their keep time, then makes room for one more or refuses. */
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

  const requireLogin = (id: string): Login => {
    const login = logins.get(id);
    if (!login || (login.status !== "pending" && now() - (login.finishedAt ?? 0) > keepFinishedMs)) {
      logins.delete(id);
      throw new NotFoundError(`There is no sign-in with id "${id}" (it finished a while ago, or the gateway restarted).`, "login_not_found", "loginId");
    }
    return login;
  };

  const requireOAuthProvider = (id: string): CatalogProvider => {
    const provider = runtime.catalog.get(id);
    if (!provider) throw new NotFoundError(`Unknown provider "${id}".`, "unknown_provider", "provider");
    if (provider.auth.style !== "oauth") throw new InvalidRequestError(`${provider.name} uses an API key, not a sign-in. Add it as a connection with apiKey.`, "not_oauth_provider", "provider");
    if (!provider.usable) throw new InvalidRequestError(`${provider.name} speaks ${provider.family}, which the gateway does not support yet.`, "family_not_supported", "provider");
    return provider;
  };

  /** The connection a login will store its token on: new, or an existing one of the same provider. */
  const targetConnection = (provider: CatalogProvider, requested: string | undefined): string => {
    const name = requested ?? provider.id;
    const existing = findConnectionRow(runtime.storage, name);
    if (existing && existing.provider !== provider.id) throw new ConflictError(`Connection "${name}" already exists for provider ${existing.provider}. Choose another name.`);
    if (!existing && runtime.combos.get(name)) throw new ConflictError(`"${name}" is already a combo name. Choose another connection name.`);
    return name;
  };

  /** Stores the token like `amrouter login`: only the credential of an existing connection changes. */
  const storeToken = (provider: CatalogProvider, name: string, token: OAuthToken): boolean => {
    targetConnection(provider, name);
    const credential = serializeToken(token);
    const created = !saveConnectionCredential(runtime.storage, runtime.cipher, name, credential);
    if (created) upsertConnection(runtime.storage, runtime.cipher, { name, provider: provider.id, credential, source: "api" });
    clearConnectionNeedsLogin(runtime.storage, name);
    runtime.connections.reload();
    const discovery = startModelDiscovery(runtime.connections, runtime.logger);
    void discovery.refresh().finally(() => discovery.stop());
    runtime.logger.info(`signed in to ${provider.name} from the dashboard; connection "${name}" ${created ? "created" : "updated"}`);
    return created;
  };

  const start = async (provider: CatalogProvider, requestedName: string | undefined, requestedMode: "loopback" | "paste" | undefined): Promise<LoginView> => {
    const settings: OAuthSettings | undefined = provider.oauth;
    const flow = settings?.flow ?? (provider.auth.style === "oauth" ? provider.auth.flow : "token-import");
    if (flow === "token-import") throw new InvalidRequestError(`${provider.name} signs in by importing a token: POST /api/oauth/${provider.id}/import.`, "import_only", "provider");
    if (!settings) throw new InvalidRequestError(`The catalog has no sign-in settings for ${provider.name}; import a token instead.`, "no_oauth_settings", "provider");
    const name = targetConnection(provider, requestedName);

    const superseded = [...logins.values()].filter((other) => other.connection === name && other.status === "pending");
    for (const other of superseded) stop(other, "superseded");
    // A provider with a fixed redirect port (Codex) needs the old listener closed before the new one binds.
    if (superseded.length > 0) await Promise.race([Promise.all(superseded.map((other) => other.flowEnded)), Bun.sleep(2000)]);
    makeRoom();

    const pasted = deferred<string>();
    const settled = deferred<void>();
    const login: Login = {
      id: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url"),
      provider,
      connection: name,
      flow,
      status: "pending",
      expiresAt: now() + browserTimeoutMs,
      controller: new AbortController(),
      pasted: {
        promise: pasted.promise,
        submitted: false,
        submit(text) {
          this.submitted = true;
          pasted.resolve(text);
        },
      },
      settled: settled.promise,
      settle: () => settled.resolve(),
      flowEnded: Promise.resolve(),
    };
    // Held from now on, so a concurrent start sees it; its id is only handed out once it is ready.
    logins.set(login.id, login);
    const signal = login.controller.signal;
    const ready = deferred<void>();
    const readPastedCode = (readSignal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        const onAbort = () => reject(new OAuthError("cancelled", "Login was cancelled"));
        if (readSignal.aborted) return onAbort();
        readSignal.addEventListener("abort", onAbort, { once: true });
        void login.pasted.promise.then(resolve);
      });

    let run: Promise<OAuthToken>;
    if (flow === "device-code") {
      run = runDeviceCodeFlow(settings, {
        fetch: options.fetch,
        now,
        sleep: options.sleep,
        signal,
        onUserCode(authorization) {
          login.userCode = authorization.userCode;
          login.verificationUri = authorization.verificationUri;
          if (authorization.verificationUriComplete) login.verificationUriComplete = authorization.verificationUriComplete;
          login.expiresAt = authorization.expiresAt;
          ready.resolve();
        },
      });
    } else {
      // A provider with a manual code page (Claude, Gemini CLI) uses it: the gateway is often not on the browser's
      // machine, so its loopback redirect could not arrive. The others listen on loopback, and also take the
      // redirect URL pasted from the browser's address bar when the page does not load.
      const mode = requestedMode === "paste" && settings.manualRedirectUri ? "paste" : requestedMode === "loopback" ? "loopback" : settings.manualRedirectUri ? "paste" : "loopback";
      run = runPkceFlow(settings, {
        fetch: options.fetch,
        now,
        signal,
        timeoutMs: browserTimeoutMs,
        mode,
        onAuthorizeUrl(url, how) {
          login.authorizeUrl = url;
          login.mode = how;
          login.state = new URL(url).searchParams.get("state") ?? undefined;
          ready.resolve();
        },
        readPastedCode,
      });
    }
    login.flowEnded = run.catch(() => undefined);
    run.then(
      (token) => {
        if (login.status !== "pending") return;
        try {
          login.created = storeToken(provider, name, token);
          finish(login, "done");
        } catch (error) {
          runtime.logger.warn(`dashboard sign-in to ${provider.name} could not be stored: ${describeFailure(error)}`);
          finish(login, "failed", `The sign-in worked but could not be stored: ${describeFailure(error)}`);
        }
      },
      (error: unknown) => {
        if (login.status !== "pending") return;
        if (!(error instanceof OAuthError)) runtime.logger.warn(`dashboard sign-in to ${provider.name} failed`, { error: describeFailure(error) });
        finish(login, "failed", login.stopReason ? stopMessages[login.stopReason] : describeFailure(error));
      },
    );

    let startTimer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        ready.promise,
        run.then(() => undefined),
        new Promise<never>((_, reject) => {
          startTimer = setTimeout(() => reject(new OAuthLoginError(`${provider.name} did not answer within ${Math.round(startTimeoutMs / 1000)} s.`, 504, "oauth_start_timeout")), startTimeoutMs);
        }),
      ]);
    } catch (error) {
      logins.delete(login.id);
      login.stopReason = "cancelled";
      login.controller.abort();
      if (error instanceof GatewayError) throw error;
      throw new OAuthLoginError(`Could not start the sign-in to ${provider.name}: ${describeFailure(error)}`);
    } finally {
      clearTimeout(startTimer);
    }

    // The device flow and the browser wait end on their own; this makes sure nothing outlives the deadline.
    login.timer = setTimeout(() => stop(login, "expired"), Math.max(0, login.expiresAt - now()) + 5_000);
    login.timer.unref?.();
    return view(login);
  };

  const importFor = async (provider: CatalogProvider, requestedName: string | undefined, input: string) => {
    const name = targetConnection(provider, requestedName);
    const trimmed = input.trim();
    // importToken also reads credential files, but from the gateway's disk: the dashboard pastes the contents.
    if (!trimmed.startsWith("{") && /[/\\]|^~|\.json$/i.test(trimmed)) {
      throw new InvalidRequestError("Paste the credential file's contents (or the token itself), not its path: the gateway does not read files for the dashboard.", "invalid_token", "token");
    }
    let token: OAuthToken;
    try {
      token = await importToken(provider.oauth, trimmed, { fetch: options.fetch, now, readFile: () => undefined });
    } catch (error) {
      if (error instanceof OAuthError && error.kind === "transient") throw new OAuthLoginError(`${provider.name} could not be reached to check the token: ${error.message}`);
      if (error instanceof OAuthError) throw new InvalidRequestError(`The token was not accepted: ${error.message}`, "invalid_token", "token");
      throw error;
    }
    const created = storeToken(provider, name, token);
    return {
      connection: toConnectionView(runtime, findConnectionRow(runtime.storage, name)!),
      created,
      expiresAt: token.expiresAt ?? null,
      renewable: token.refreshToken !== undefined,
    };
  };

  return adminPlugin(runtime, "admin-oauth-login")
    .onStop(() => {
      for (const login of logins.values()) stop(login, "shutdown");
    })
    .post("/api/oauth/:provider/start", ({ params, body }) => start(requireOAuthProvider(params.provider), body?.name, body?.mode), {
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
    .get("/api/oauth/logins/:loginId", ({ params }) => view(requireLogin(params.loginId)), {
      params: LoginParams,
      response: LoginView,
      detail: { tags: ["OAuth"], summary: "Poll a sign-in: pending, done (the connection holds the token) or failed" },
    })
    .post(
      "/api/oauth/logins/:loginId/code",
      async ({ params, body }) => {
        const login = requireLogin(params.loginId);
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
        return view(login);
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
        const login = requireLogin(params.loginId);
        const cancelled = login.status === "pending";
        stop(login, "cancelled");
        logins.delete(login.id);
        return { cancelled };
      },
      {
        params: LoginParams,
        response: t.Object({ cancelled: t.Boolean({ description: "false when it had already finished (it is forgotten either way)" }) }),
        detail: { tags: ["OAuth"], summary: "Cancel a sign-in (closes the loopback listener) and forget it" },
      },
    )
    .post("/api/oauth/:provider/import", ({ params, body }) => importFor(requireOAuthProvider(params.provider), body.name, body.token), {
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
