// Starting a dashboard sign-in: the provider's flow (device code, or PKCE over loopback or a pasted code) runs in
// the background, and start answers as soon as there is something to show (the device code and its URL, or the
// authorize URL). A newer sign-in for the same connection replaces an older one; whatever the flow ends with is
// recorded on the login, and a token is stored on the connection.
import type { CatalogProvider } from "../../catalog/catalog.ts";
import type { OAuthSettings } from "../../catalog/provider-schema.ts";
import { GatewayError, InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { runDeviceCodeFlow } from "../../oauth/device-code-flow.ts";
import { OAuthError } from "../../oauth/oauth-error.ts";
import type { OAuthToken } from "../../oauth/oauth-token.ts";
import { runPkceFlow } from "../../oauth/pkce-flow.ts";
import type { FetchFunction } from "../../oauth/token-endpoint.ts";
import type { LoginConnections } from "./oauth-login-connection.ts";
import { describeFailure, OAuthLoginError, stopMessages, type Login, type LoginTable, type LoginView } from "./oauth-login-table.ts";

export type LoginStartOptions = {
  fetch?: FetchFunction;
  now: () => number;
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  browserTimeoutMs: number;
  startTimeoutMs: number;
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

export function loginStarter(runtime: GatewayRuntime, options: LoginStartOptions, table: LoginTable, connections: LoginConnections) {
  const { now, browserTimeoutMs, startTimeoutMs } = options;
  const { logins } = table;

  return async (provider: CatalogProvider, requestedName: string | undefined, requestedMode: "loopback" | "paste" | undefined): Promise<LoginView> => {
    const settings: OAuthSettings | undefined = provider.oauth;
    const flow = settings?.flow ?? (provider.auth.style === "oauth" ? provider.auth.flow : "token-import");
    if (flow === "token-import") throw new InvalidRequestError(`${provider.name} signs in by importing a token: POST /api/oauth/${provider.id}/import.`, "import_only", "provider");
    if (!settings) throw new InvalidRequestError(`The catalog has no sign-in settings for ${provider.name}; import a token instead.`, "no_oauth_settings", "provider");
    const name = connections.targetConnection(provider, requestedName);

    const superseded = [...logins.values()].filter((other) => other.connection === name && other.status === "pending");
    for (const other of superseded) table.stop(other, "superseded");
    // A provider with a fixed redirect port (Codex) needs the old listener closed before the new one binds.
    if (superseded.length > 0) await Promise.race([Promise.all(superseded.map((other) => other.flowEnded)), Bun.sleep(2000)]);
    table.makeRoom();

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
          login.created = connections.storeToken(provider, name, token);
          table.finish(login, "done");
        } catch (error) {
          runtime.logger.warn(`dashboard sign-in to ${provider.name} could not be stored: ${describeFailure(error)}`);
          table.finish(login, "failed", `The sign-in worked but could not be stored: ${describeFailure(error)}`);
        }
      },
      (error: unknown) => {
        if (login.status !== "pending") return;
        if (!(error instanceof OAuthError)) runtime.logger.warn(`dashboard sign-in to ${provider.name} failed`, { error: describeFailure(error) });
        table.finish(login, "failed", login.stopReason ? stopMessages[login.stopReason] : describeFailure(error));
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
    login.timer = setTimeout(() => table.stop(login, "expired"), Math.max(0, login.expiresAt - now()) + 5_000);
    login.timer.unref?.();
    return table.view(login);
  };
}
