// The authorization code grant with PKCE (Claude, Codex, Gemini CLI): build the authorize URL with an S256
// challenge and a random state, receive the code on a loopback redirect (or let the user paste it when the
// browser runs on another machine), check the state, and exchange the code and verifier at the token endpoint.
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { OAuthError, throwIfAborted } from "./oauth-error.ts";
import type { OAuthToken } from "./oauth-token.ts";
import { codeChallengeOf, createCodeVerifier, createState } from "./pkce-codes.ts";
import { startLoopbackReceiver } from "./loopback-receiver.ts";
import { describeEndpointError, errorCodeOf, postToEndpoint, type FetchFunction } from "./token-endpoint.ts";
import { tokenFromResponse } from "./token-response.ts";

export type PkceFlowOptions = {
  fetch?: FetchFunction;
  now?: () => number;
  signal?: AbortSignal;
  /** How long to wait for the browser (default 5 minutes). */
  timeoutMs?: number;
  /**
   * `loopback` listens for the redirect on 127.0.0.1; `paste` uses the provider's manual redirect page and reads
   * the code the user pastes. Default: loopback when the provider has a redirect port, else paste.
   */
  mode?: "loopback" | "paste";
  /** Shows (and may open) the authorize URL. */
  onAuthorizeUrl(url: string, mode: "loopback" | "paste"): void | Promise<void>;
  /**
   * Reads what the user pastes: a code, `code#state`, or the whole redirect URL. Required for paste mode; in
   * loopback mode it races the redirect, for a browser on another machine whose redirect cannot arrive.
   */
  readPastedCode?: (signal: AbortSignal) => Promise<string>;
};

const defaultTimeoutMs = 5 * 60_000;

export async function runPkceFlow(settings: OAuthSettings, options: PkceFlowOptions): Promise<OAuthToken> {
  if (!settings.authorizeUrl) throw new OAuthError("protocol", "This provider has no authorize URL in the catalog");
  const mode = options.mode ?? (settings.redirectPort !== undefined ? "loopback" : "paste");
  const codeVerifier = createCodeVerifier();
  const state = createState();
  const codeChallenge = codeChallengeOf(codeVerifier);
  // Stops the paste prompt once the redirect won (or the flow failed), so no read is left hanging on stdin.
  const pasteController = new AbortController();

  if (mode === "paste" && settings.manualRedirectUri) {
    if (!options.readPastedCode) throw new OAuthError("protocol", "Paste mode needs a way to read the pasted code");
    const redirectUri = settings.manualRedirectUri;
    await options.onAuthorizeUrl(buildAuthorizeUrl(settings, { redirectUri, codeChallenge, state }), "paste");
    try {
      const code = await withDeadline(readPasted(options.readPastedCode, pasteController.signal, state), options);
      return await exchangeAuthorizationCode(settings, { code, codeVerifier, redirectUri, state }, options);
    } finally {
      pasteController.abort();
    }
  }

  // Loopback, also for paste mode when the provider has no manual page: the user then pastes the URL the
  // browser was redirected to (it fails to load when the browser runs on another machine).
  const receiver = startLoopbackReceiver({
    port: settings.redirectPort ?? 0,
    path: settings.redirectPath ?? "/callback",
    host: settings.redirectHost ?? "localhost",
    expectedState: state,
  });
  try {
    await options.onAuthorizeUrl(buildAuthorizeUrl(settings, { redirectUri: receiver.redirectUri, codeChallenge, state }), mode);
    const sources = [receiver.code];
    if (options.readPastedCode) sources.push(readPasted(options.readPastedCode, pasteController.signal, state));
    const code = await withDeadline(Promise.race(sources), options);
    return await exchangeAuthorizationCode(settings, { code, codeVerifier, redirectUri: receiver.redirectUri, state }, options);
  } finally {
    pasteController.abort();
    receiver.close();
  }
}

export function buildAuthorizeUrl(settings: OAuthSettings, parameters: { redirectUri: string; codeChallenge: string; state: string }): string {
  const url = new URL(settings.authorizeUrl!);
  // Provider extras first (Claude's code=true leads its URL), then the standard parameters, which always win.
  for (const [name, value] of Object.entries(settings.extraAuthorizeParams ?? {})) url.searchParams.set(name, value);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", settings.clientId);
  url.searchParams.set("redirect_uri", parameters.redirectUri);
  if (settings.scopes?.length) url.searchParams.set("scope", settings.scopes.join(" "));
  url.searchParams.set("code_challenge", parameters.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", parameters.state);
  return url.toString();
}

/** Understands a bare code, Claude's `code#state`, and a full redirect URL with ?code=…&state=…. */
export function parsePastedAuthorization(text: string): { code: string; state?: string } {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    const url = new URL(trimmed);
    const error = url.searchParams.get("error");
    if (error) throw new OAuthError("denied", `The provider refused the sign-in: ${error}`, error);
    const code = url.searchParams.get("code");
    if (!code) throw new OAuthError("protocol", "The pasted URL has no code parameter");
    const state = url.searchParams.get("state");
    return state ? { code, state } : { code };
  }
  const [code, state] = trimmed.split("#", 2);
  if (!code) throw new OAuthError("protocol", "Nothing was pasted");
  return state ? { code, state } : { code };
}

export async function exchangeAuthorizationCode(
  settings: OAuthSettings,
  grant: { code: string; codeVerifier: string; redirectUri: string; state: string },
  options: Pick<PkceFlowOptions, "fetch" | "now" | "signal">,
): Promise<OAuthToken> {
  const parameters: Record<string, string> = {
    grant_type: "authorization_code",
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  };
  // Claude's JSON token endpoint wants the state echoed; form endpoints (RFC 6749) do not take it.
  if (settings.tokenRequestFormat === "json") parameters.state = grant.state;
  const reply = await postToEndpoint(settings.tokenUrl, settings, parameters, { fetch: options.fetch, signal: options.signal });
  if (reply.status !== 200 || errorCodeOf(reply) !== null) {
    const kind = reply.status === 429 || reply.status >= 500 ? "transient" : "denied";
    throw new OAuthError(kind, `The token endpoint refused the authorization code: ${describeEndpointError(reply)}`, errorCodeOf(reply), reply.status);
  }
  return tokenFromResponse(reply.body, { now: (options.now ?? Date.now)(), serverDate: reply.serverDate });
}

async function readPasted(read: (signal: AbortSignal) => Promise<string>, signal: AbortSignal, expectedState: string): Promise<string> {
  const pasted = parsePastedAuthorization(await read(signal));
  if (pasted.state !== undefined && pasted.state !== expectedState) {
    throw new OAuthError("state-mismatch", "The pasted code belongs to a different login (state mismatch). Run login again.");
  }
  return pasted.code;
}

async function withDeadline<T>(work: Promise<T>, options: Pick<PkceFlowOptions, "timeoutMs" | "signal">): Promise<T> {
  throwIfAborted(options.signal);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OAuthError("expired", `No sign-in arrived within ${Math.round(timeoutMs / 1000)} s; run login again`)), timeoutMs);
    onAbort = () => reject(new OAuthError("cancelled", "Login was cancelled"));
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
  }
}
