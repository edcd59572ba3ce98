// Where a dashboard sign-in's token goes: the subscription provider asked for, the connection it is stored on (a
// new one, or an existing one of the same provider), stored like `amrouter login` does; and a token made
// elsewhere, imported straight onto the connection.
import { t } from "elysia";
import type { CatalogProvider } from "../../catalog/catalog.ts";
import { InvalidRequestError, NotFoundError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { startModelDiscovery } from "../../gateway/model-discovery.ts";
import { clearConnectionNeedsLogin, saveConnectionCredential } from "../../oauth/oauth-connection-store.ts";
import { OAuthError } from "../../oauth/oauth-error.ts";
import { serializeToken, type OAuthToken } from "../../oauth/oauth-token.ts";
import type { FetchFunction } from "../../oauth/token-endpoint.ts";
import { importToken } from "../../oauth/token-import.ts";
import { findConnectionRow, upsertConnection } from "../../storage/repositories/connections-repository.ts";
import { ConflictError } from "./admin-plugin.ts";
import { ConnectionView, toConnectionView } from "./connection-view.ts";
import { OAuthLoginError } from "./oauth-login-table.ts";

export const ImportResult = t.Object({
  connection: ConnectionView,
  created: t.Boolean(),
  expiresAt: t.Union([t.Number(), t.Null()], { description: "when the imported access token expires, when known" }),
  renewable: t.Boolean({ description: "a refresh token came with it, so the gateway renews the access token itself" }),
});

export type LoginConnections = ReturnType<typeof loginConnections>;

export function loginConnections(runtime: GatewayRuntime, options: { fetch?: FetchFunction; now: () => number }) {
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

  const importFor = async (provider: CatalogProvider, requestedName: string | undefined, input: string) => {
    const name = targetConnection(provider, requestedName);
    const trimmed = input.trim();
    // importToken also reads credential files, but from the gateway's disk: the dashboard pastes the contents.
    if (!trimmed.startsWith("{") && /[/\\]|^~|\.json$/i.test(trimmed)) {
      throw new InvalidRequestError("Paste the credential file's contents (or the token itself), not its path: the gateway does not read files for the dashboard.", "invalid_token", "token");
    }
    let token: OAuthToken;
    try {
      token = await importToken(provider.oauth, trimmed, { fetch: options.fetch, now: options.now, readFile: () => undefined });
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

  return { requireOAuthProvider, targetConnection, storeToken, importFor };
}
