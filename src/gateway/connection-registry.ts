// Connections in memory, with credentials decrypted once per reload: the request path never reads the database.
import type { Catalog, CatalogProvider } from "../catalog/catalog.ts";
import type { CatalogModel } from "../catalog/provider-schema.ts";
import type { Logger } from "../logging/logger.ts";
import type { CredentialCipher } from "../security/credential-encryption.ts";
import { readConnectionNeedsLogin } from "../oauth/oauth-connection-store.ts";
import { parseToken } from "../oauth/oauth-token.ts";
import { registerSecret } from "../security/redact-secrets.ts";
import { readAwsCredential } from "../upstream/aws-credentials.ts";
import type { Storage } from "../storage/database.ts";
import { listConnectionRows } from "../storage/registry-rows.ts";
import type { ConnectionRow, ModelPrice } from "../storage/schema.ts";
import type { ConnectionLimits } from "../limits/connection-limits.ts";
import { parseConnectionLimits } from "../limits/parse-limits.ts";
import { baseUrlFromSettings, settingsOf } from "./connection-settings.ts";

export type Connection = {
  id: number;
  name: string;
  provider: CatalogProvider;
  baseUrl: string;
  credential: string | undefined;
  /** A short hash of the credential (never the secret), so resilience notices when it changes. */
  credentialFingerprint: string;
  priority: number;
  weight: number;
  tags: string[];
  /** Model ids this connection offers: the configured list, else the catalog's plus what its upstream reports. */
  models: string[];
  enabled: boolean;
  problem: string | undefined;
  limits: ConnectionLimits;
  /** Per-model price overrides over the catalog's. */
  prices: Record<string, ModelPrice>;
  /** The connection's settings over the catalog's defaults (project, location, region, …). */
  settings: Record<string, string>;
};

export type ConnectionRegistry = {
  all(): Connection[];
  byName(name: string): Connection | undefined;
  byProvider(providerId: string): Connection[];
  catalogModel(connection: Connection, modelId: string): CatalogModel | undefined;
  /** Records what a connection's upstream /models reported; kept across reloads. */
  setDiscoveredModels(name: string, models: string[]): void;
  reload(): void;
};

export function createConnectionRegistry(
  storage: Storage,
  catalog: Catalog,
  cipher: CredentialCipher,
  logger: Logger,
  environment: Record<string, string | undefined> = process.env,
): ConnectionRegistry {
  let connections: Connection[] = [];
  let byName = new Map<string, Connection>();
  let byProvider = new Map<string, Connection[]>();
  const discovered = new Map<string, string[]>();

  const modelsFor = (configured: string[], provider: CatalogProvider, name: string): string[] => {
    if (configured.length > 0) return configured;
    const catalogIds = provider.models.map((model) => model.id);
    const extra = discovered.get(name) ?? [];
    return extra.length === 0 ? catalogIds : [...new Set([...catalogIds, ...extra])];
  };

  const build = (row: ConnectionRow): Connection | undefined => {
    const provider = catalog.get(row.provider);
    if (!provider) {
      logger.warn(`connection "${row.name}" names unknown provider "${row.provider}"; skipped`);
      return undefined;
    }
    let credential: string | undefined;
    let problem: string | undefined;
    if (row.credentialEncrypted) {
      try {
        credential = cipher.decrypt(row.credentialEncrypted);
      } catch {
        problem = "stored credential cannot be decrypted (was API_KEY_SECRET changed?)";
      }
    } else if (row.credentialEnv) {
      credential = environment[row.credentialEnv];
      if (!credential) problem = `environment variable ${row.credentialEnv} is not set`;
    }
    registerSecret(credential);
    const oauthToken = parseToken(credential);
    registerSecret(oauthToken?.accessToken);
    registerSecret(oauthToken?.refreshToken);
    if (credential && provider.auth.style === "aws-sigv4") {
      const aws = readAwsCredential(credential);
      if (aws.kind === "iam") {
        registerSecret(aws.credentials.secretAccessKey);
        registerSecret(aws.credentials.sessionToken);
      } else registerSecret(aws.apiKey);
    }
    const settings = withCredentialRegion(settingsOf(provider, row.settings), provider, credential);
    const baseUrl = (row.baseUrl ?? oauthToken?.apiBaseUrl ?? baseUrlFromSettings(provider, settings)).replace(/\/+$/, "");
    const unfilled = /\{([^}]+)\}/.exec(baseUrl)?.[1];
    if (!problem && unfilled) {
      problem = provider.settings?.[unfilled]
        ? `its base URL ${baseUrl} still has a placeholder; set the ${unfilled} setting (or baseUrl) for this connection`
        : `its base URL ${baseUrl} still has a placeholder; set baseUrl for this connection`;
    }
    if (provider.auth.style === "oauth" && !problem) {
      const needsLogin = readConnectionNeedsLogin(storage, row.name);
      if (needsLogin) problem = `needs login (${needsLogin.reason}); run: amrouter login ${provider.id} --name ${row.name}`;
      else if (!credential) problem = `not signed in; run: amrouter login ${provider.id} --name ${row.name}`;
    }
    return {
      id: row.id,
      name: row.name,
      provider,
      baseUrl,
      credential,
      credentialFingerprint: credential ? new Bun.CryptoHasher("sha256").update(credential).digest("hex").slice(0, 16) : "none",
      priority: row.priority,
      weight: row.weight,
      tags: row.tags,
      models: modelsFor(row.models, provider, row.name),
      enabled: row.enabled,
      problem,
      limits: connectionLimitsOf(row),
      prices: row.prices,
      settings,
    };
  };

  const configuredModels = new Map<string, string[]>();
  const connectionLimitsOf = (row: ConnectionRow): ConnectionLimits => {
    const parsed = parseConnectionLimits(row.limits);
    if ("limits" in parsed) return parsed.limits;
    logger.warn(`connection "${row.name}" has invalid limits (${parsed.error}); it takes no requests until they are fixed`);
    return { requestsPerMinute: 0 };
  };
  const reload = () => {
    const rows = listConnectionRows(storage.sqlite);
    configuredModels.clear();
    for (const row of rows) configuredModels.set(row.name, row.models);
    connections = rows.map(build).filter((connection): connection is Connection => connection !== undefined);
    byName = new Map(connections.map((connection) => [connection.name, connection]));
    byProvider = new Map();
    for (const connection of connections) {
      const list = byProvider.get(connection.provider.id) ?? [];
      list.push(connection);
      byProvider.set(connection.provider.id, list);
    }
  };
  reload();

  return {
    all: () => connections,
    byName: (name) => byName.get(name),
    byProvider: (providerId) => byProvider.get(providerId) ?? [],
    catalogModel: (connection, modelId) => connection.provider.models.find((model) => model.id === modelId),
    setDiscoveredModels(name, models) {
      discovered.set(name, models);
      const connection = byName.get(name);
      if (connection) connection.models = modelsFor(configuredModels.get(name) ?? [], connection.provider, name);
    },
    reload,
  };
}

/** An AWS connection with no region setting takes the region its credential names, if any (the older way to give it). */
function withCredentialRegion(settings: Record<string, string>, provider: CatalogProvider, credential: string | undefined): Record<string, string> {
  if (provider.auth.style !== "aws-sigv4" || !credential || settings.region !== undefined) return settings;
  const region = readAwsCredential(credential).region;
  return region ? { ...settings, region } : settings;
}

/** The price of a model on a connection: its own override, else the catalog's. */
export function priceOf(connection: Connection, modelId: string): ModelPrice | undefined {
  return connection.prices[modelId] ?? connection.provider.models.find((model) => model.id === modelId)?.price;
}
