// The RFC 8628 device authorization grant (GitHub Copilot, Qwen): ask for a user code, show it with the
// verification URL, then poll the token endpoint at the interval the server asks for, slowing down by 5 s on
// `slow_down`, until the user approves, refuses, or the code expires. Qwen adds a PKCE challenge to the device
// request; GitHub Copilot then exchanges the GitHub token for a Copilot token.
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { OAuthError, throwIfAborted } from "./oauth-error.ts";
import type { OAuthToken } from "./oauth-token.ts";
import { codeChallengeOf, createCodeVerifier } from "./pkce-codes.ts";
import { describeEndpointError, errorCodeOf, postToEndpoint, type FetchFunction } from "./token-endpoint.ts";
import { exchangeForAccessToken } from "./token-exchange.ts";
import { numberOf, tokenFromResponse } from "./token-response.ts";

export const deviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";

export type DeviceAuthorization = {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** The verification URL with the code already filled in, when the server offers one. */
  verificationUriComplete?: string;
  /** When the device code stops working, on this machine's clock. */
  expiresAt: number;
  intervalMs: number;
  /** The PKCE verifier sent with the poll, for servers that asked for a challenge (Qwen). */
  codeVerifier?: string;
};

export type DeviceCodeFlowOptions = {
  fetch?: FetchFunction;
  now?: () => number;
  /** Waits between polls; tests pass one that does not wait. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Shows the user code and URL; the flow polls after it returns. */
  onUserCode(authorization: DeviceAuthorization): void | Promise<void>;
};

/** RFC 8628 §3.2: poll every 5 s when the server does not say otherwise; §3.5: slow_down adds 5 s. */
const defaultIntervalMs = 5000;
const slowDownStepMs = 5000;
const defaultLifetimeMs = 15 * 60_000;

export async function runDeviceCodeFlow(settings: OAuthSettings, options: DeviceCodeFlowOptions): Promise<OAuthToken> {
  const authorization = await requestDeviceAuthorization(settings, options);
  await options.onUserCode(authorization);
  const token = await pollForToken(settings, authorization, options);
  if (!settings.tokenExchangeUrl) return token;
  return exchangeForAccessToken(settings, token.accessToken, { fetch: options.fetch, now: options.now, signal: options.signal });
}

export async function requestDeviceAuthorization(
  settings: OAuthSettings,
  options: Pick<DeviceCodeFlowOptions, "fetch" | "now" | "signal">,
): Promise<DeviceAuthorization> {
  if (!settings.deviceCodeUrl) throw new OAuthError("protocol", "This provider has no device code endpoint in the catalog");
  const now = options.now ?? Date.now;
  const parameters: Record<string, string> = {};
  if (settings.scopes?.length) parameters.scope = settings.scopes.join(" ");
  let codeVerifier: string | undefined;
  if (settings.devicePkce) {
    codeVerifier = createCodeVerifier();
    parameters.code_challenge = codeChallengeOf(codeVerifier);
    parameters.code_challenge_method = "S256";
  }
  const reply = await postToEndpoint(settings.deviceCodeUrl, settings, parameters, { fetch: options.fetch, signal: options.signal });
  const body = reply.body;
  const verificationUri = body.verification_uri ?? body.verification_url;
  if (reply.status !== 200 || typeof body.device_code !== "string" || typeof body.user_code !== "string" || typeof verificationUri !== "string") {
    const kind = reply.status === 429 || reply.status >= 500 ? "transient" : "protocol";
    throw new OAuthError(kind, `The device code request failed: ${describeEndpointError(reply)}`, errorCodeOf(reply), reply.status);
  }
  const lifetimeSeconds = numberOf(body.expires_in);
  const intervalSeconds = numberOf(body.interval);
  const authorization: DeviceAuthorization = {
    deviceCode: body.device_code,
    userCode: body.user_code,
    verificationUri,
    expiresAt: now() + (lifetimeSeconds !== undefined && lifetimeSeconds > 0 ? lifetimeSeconds * 1000 : defaultLifetimeMs),
    intervalMs: intervalSeconds !== undefined && intervalSeconds > 0 ? intervalSeconds * 1000 : defaultIntervalMs,
  };
  if (typeof body.verification_uri_complete === "string") authorization.verificationUriComplete = body.verification_uri_complete;
  if (codeVerifier) authorization.codeVerifier = codeVerifier;
  return authorization;
}

export async function pollForToken(
  settings: OAuthSettings,
  authorization: DeviceAuthorization,
  options: Pick<DeviceCodeFlowOptions, "fetch" | "now" | "sleep" | "signal">,
): Promise<OAuthToken> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  let intervalMs = authorization.intervalMs;
  const parameters: Record<string, string> = { grant_type: deviceCodeGrantType, device_code: authorization.deviceCode };
  if (authorization.codeVerifier) parameters.code_verifier = authorization.codeVerifier;

  for (;;) {
    if (now() >= authorization.expiresAt) throw new OAuthError("expired", "The device code expired before the sign-in was approved; run login again", "expired_token");
    await sleep(intervalMs, options.signal);
    throwIfAborted(options.signal);
    let reply;
    try {
      reply = await postToEndpoint(settings.tokenUrl, settings, parameters, { fetch: options.fetch, signal: options.signal });
    } catch (error) {
      // A network blip while the user is still approving is not a reason to give up: poll again.
      if (error instanceof OAuthError && error.kind === "transient") continue;
      throw error;
    }
    const code = errorCodeOf(reply);
    if (code === null && reply.status === 200 && typeof reply.body.access_token === "string") {
      return tokenFromResponse(reply.body, { now: now(), serverDate: reply.serverDate });
    }
    switch (code) {
      case "authorization_pending":
        continue;
      case "slow_down": {
        const asked = numberOf(reply.body.interval);
        intervalMs = Math.max(intervalMs + slowDownStepMs, asked !== undefined ? asked * 1000 : 0);
        continue;
      }
      case "expired_token":
        throw new OAuthError("expired", "The device code expired before the sign-in was approved; run login again", code, reply.status);
      case "access_denied":
        throw new OAuthError("denied", "The sign-in was refused", code, reply.status);
    }
    if (reply.status === 429 || reply.status >= 500) continue;
    throw new OAuthError("protocol", `The token endpoint refused the device code: ${describeEndpointError(reply)}`, code, reply.status);
  }
}

export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new OAuthError("cancelled", "Login was cancelled"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OAuthError("cancelled", "Login was cancelled"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
