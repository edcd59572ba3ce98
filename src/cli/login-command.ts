// `amrouter login PROVIDER`: signs in to a subscription provider from the terminal with the flow its catalog
// entry names (device code, PKCE in the browser, or --import of an existing token) and stores the token as the
// encrypted credential of a connection, creating the connection when it is new. Tokens are never printed.
import { embeddedCatalog, type Catalog } from "../catalog/catalog.ts";
import type { OAuthSettings } from "../catalog/provider-schema.ts";
import { runDeviceCodeFlow, type DeviceAuthorization } from "../oauth/device-code-flow.ts";
import { clearConnectionNeedsLogin, saveConnectionCredential } from "../oauth/oauth-connection-store.ts";
import { OAuthError } from "../oauth/oauth-error.ts";
import { serializeToken, type OAuthToken } from "../oauth/oauth-token.ts";
import { runPkceFlow } from "../oauth/pkce-flow.ts";
import type { FetchFunction } from "../oauth/token-endpoint.ts";
import { importToken } from "../oauth/token-import.ts";
import { createCredentialCipher } from "../security/credential-encryption.ts";
import { findConnectionRow, upsertConnection } from "../storage/repositories/connections-repository.ts";
import type { CommandContext } from "./command-context.ts";

export type LoginFlags = { name?: string; import?: string; noBrowser?: boolean };

/** What the command reaches outside itself; tests replace these. */
export type LoginDependencies = {
  catalog?: Catalog;
  fetch?: FetchFunction;
  now?: () => number;
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  openBrowser?: (url: string) => void;
  /** Reads one line the user types or pastes; resolves undefined at end of input. */
  readLine?: (prompt: string, signal: AbortSignal) => Promise<string | undefined>;
  signal?: AbortSignal;
  /** How long a browser login may take (default 5 minutes). */
  browserTimeoutMs?: number;
};

/** The same rule as connection names in the admin API. */
const connectionNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function runLoginCommand(context: CommandContext, providerId: string | undefined, flags: LoginFlags, dependencies: LoginDependencies = {}): Promise<number> {
  const catalog = dependencies.catalog ?? embeddedCatalog();
  const loginProviders = catalog
    .list()
    .filter((provider) => provider.auth.style === "oauth")
    .map((provider) => provider.id)
    .sort();
  if (!providerId) {
    context.print(`usage: amrouter login PROVIDER [--name NAME] [--import FILE|TOKEN] [--no-browser]\nProviders with a login: ${loginProviders.join(", ")}`);
    return 2;
  }
  const provider = catalog.get(providerId);
  if (!provider) {
    context.print(`Unknown provider "${providerId}". Providers with a login: ${loginProviders.join(", ")}`);
    return 2;
  }
  if (provider.auth.style !== "oauth") {
    context.print(`${provider.name} uses an API key, not a login. Add it as a connection's apiKey in the config file or the dashboard.`);
    return 2;
  }
  const name = flags.name ?? provider.id;
  if (!connectionNamePattern.test(name) || name.length > 64) {
    context.print(`"${name}" is not a valid connection name (letters, digits, . _ -; at most 64 characters).`);
    return 2;
  }
  const existing = findConnectionRow(context.storage, name);
  if (existing && existing.provider !== provider.id) {
    context.print(`Connection "${name}" already exists for provider ${existing.provider}. Choose another name with --name.`);
    return 1;
  }

  const settings = provider.oauth;
  const flow = flags.import !== undefined ? "token-import" : (settings?.flow ?? provider.auth.flow);
  if (flow !== "token-import" && !settings) {
    context.print(`The catalog has no sign-in settings for ${provider.name}. Import a token instead: amrouter login ${provider.id} --import FILE|TOKEN`);
    return 1;
  }
  if (flow === "token-import" && flags.import === undefined) {
    context.print(`${provider.name} signs in by importing a token: amrouter login ${provider.id} --import FILE|TOKEN (a credential file path, a JSON token or the token itself).`);
    return 2;
  }

  let token: OAuthToken;
  try {
    if (flow === "token-import") token = await importToken(settings, flags.import!, { fetch: dependencies.fetch, now: dependencies.now });
    else if (flow === "device-code") token = await deviceLogin(context, settings!, flags, dependencies);
    else token = await browserLogin(context, settings!, flags, dependencies);
  } catch (error) {
    context.print(`Login to ${provider.name} failed: ${error instanceof OAuthError ? error.message : `unexpected error: ${(error as Error).message}`}`);
    return 1;
  }

  const credential = serializeToken(token);
  const cipher = createCredentialCipher(context.settings.apiKeySecret);
  if (existing) saveConnectionCredential(context.storage, cipher, name, credential);
  else upsertConnection(context.storage, cipher, { name, provider: provider.id, credential, source: "api" });
  clearConnectionNeedsLogin(context.storage, name);

  const expiry = token.expiresAt !== undefined ? ` The access token expires ${new Date(token.expiresAt).toISOString()}` : "";
  const renewal = token.refreshToken ? "; a running gateway renews it automatically." : token.expiresAt !== undefined ? "; it cannot be renewed, so log in again then." : "";
  context.print(`Signed in to ${provider.name}. Connection "${name}" ${existing ? "now uses the new login" : "was created"}.${expiry}${renewal}`);
  return 0;
}

async function deviceLogin(context: CommandContext, settings: OAuthSettings, flags: LoginFlags, dependencies: LoginDependencies): Promise<OAuthToken> {
  return runDeviceCodeFlow(settings, {
    fetch: dependencies.fetch,
    now: dependencies.now,
    sleep: dependencies.sleep,
    signal: dependencies.signal,
    onUserCode(authorization: DeviceAuthorization) {
      const url = authorization.verificationUriComplete ?? authorization.verificationUri;
      const minutes = Math.max(1, Math.round((authorization.expiresAt - (dependencies.now ?? Date.now)()) / 60_000));
      context.print(`To sign in, open ${authorization.verificationUri} and enter the code:\n\n    ${authorization.userCode}\n`);
      context.print(`Waiting for approval (the code is valid for ${minutes} minutes; Ctrl+C to cancel)...`);
      if (!flags.noBrowser) (dependencies.openBrowser ?? openBrowser)(url);
    },
  });
}

async function browserLogin(context: CommandContext, settings: OAuthSettings, flags: LoginFlags, dependencies: LoginDependencies): Promise<OAuthToken> {
  const readLine = dependencies.readLine ?? readLineFromTerminal;
  const mode = flags.noBrowser && settings.manualRedirectUri ? "paste" : settings.redirectPort !== undefined ? "loopback" : "paste";
  return runPkceFlow(settings, {
    fetch: dependencies.fetch,
    now: dependencies.now,
    signal: dependencies.signal,
    timeoutMs: dependencies.browserTimeoutMs,
    mode,
    onAuthorizeUrl(url, how) {
      context.print(`Open this URL to sign in${flags.noBrowser ? "" : " (opening your browser)"}:\n\n${url}\n`);
      if (how === "paste") context.print("After approving, the page shows a code. Paste it here.");
      else context.print("Waiting for the browser to come back. If the browser runs on another machine, paste the address it was sent to (or the code) here.");
      if (!flags.noBrowser) (dependencies.openBrowser ?? openBrowser)(url);
    },
    async readPastedCode(signal) {
      // Blank lines are ignored; at end of input the redirect alone can finish the login.
      for (;;) {
        const line = await readLine("Code: ", signal);
        if (line === undefined && mode === "paste") throw new OAuthError("cancelled", "No code was entered");
        if (line === undefined) return new Promise<string>(() => {});
        if (line.trim()) return line;
      }
    },
  });
}

function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : ["xdg-open", url];
  try {
    Bun.spawn(command, { stdout: "ignore", stderr: "ignore", stdin: "ignore" }).unref();
  } catch {
    // No opener on this system: the URL is printed anyway.
  }
}

async function readLineFromTerminal(prompt: string, signal: AbortSignal): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const { createInterface } = await import("node:readline");
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await new Promise<string | undefined>((resolve) => {
      terminal.once("close", () => resolve(undefined));
      signal.addEventListener("abort", () => resolve(undefined), { once: true });
      terminal.question(prompt, (answer) => resolve(answer));
    });
  } finally {
    terminal.close();
  }
}
