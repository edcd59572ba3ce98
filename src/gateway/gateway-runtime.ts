// Everything a running gateway holds in memory, built once at boot: settings, logger, storage, catalog and the
// registries the request path reads. Changes made by another process (the CLI) are picked up by watching
// SQLite's data_version, so no request ever reads the database.
import { embeddedCatalog, type Catalog } from "../catalog/catalog.ts";
import { applyConfigFileAtStart } from "../config/apply-config-at-start.ts";
import { readConfigFile } from "../config/config-file.ts";
import { logLevels, type GatewaySettings, type LogLevel } from "../config/settings.ts";
import { createLogger, type Logger } from "../logging/logger.ts";
import { createApiKeyRegistry, type ApiKeyRegistry } from "../security/api-key-registry.ts";
import { createCredentialCipher, type CredentialCipher } from "../security/credential-encryption.ts";
import { registerSecret } from "../security/redact-secrets.ts";
import { createComboRegistry, type ComboRegistry } from "../routing/combo-registry.ts";
import { openStorage, type Storage } from "../storage/database.ts";
import { createWalCheckpointer } from "../storage/wal-checkpointer.ts";
import { ensureAdminPassword } from "../security/admin-password.ts";
import { markConnectionNeedsLogin, saveConnectionCredential } from "../oauth/oauth-connection-store.ts";
import { createTokenRefresher, type TokenRefresher } from "../oauth/token-refresher.ts";
import { createConnectionRegistry, type ConnectionRegistry } from "./connection-registry.ts";
import { startModelDiscovery } from "./model-discovery.ts";
import { createSqlitePersistence } from "../cache/cache-persistence.ts";
import { createRequestCoalescer, type RequestCoalescer } from "../cache/request-coalescer.ts";
import { createResponseCache, type ResponseCache } from "../cache/response-cache.ts";
import type { IrResponse } from "../protocol/ir.ts";
import { createBudgetTracker, sumSpendFromRollup } from "../limits/budget-tracker.ts";
import { createConnectionLimiter, type ConnectionLimiter } from "../limits/connection-limits.ts";
import { createInMemoryLimitStore } from "../limits/in-memory-limit-store.ts";
import { createKeyLimiter, type KeyLimiter } from "../limits/key-limits.ts";
import { attachUsage } from "../limits/limits-from-usage.ts";
import { startRetention } from "../usage/retention.ts";

/** The settings-table key the dashboard writes (as JSON) to turn body capture on. */
export const captureBodiesSettingKey = "capture_bodies";
/** The settings-table key that turns the response cache on or off (overrides CACHE_ENABLED once set). */
export const cacheEnabledSettingKey = "cache_enabled";
/** The settings-table key of the dashboard's log level (JSON text); APP_LOG_LEVEL until it is set. */
export const logLevelSettingKey = "log_level";
import { createResilienceState, type ResilienceState } from "../resilience/resilience-state.ts";
import { createInMemorySelectionState } from "../routing/in-memory-selection-state.ts";
import type { SelectionState } from "../routing/selection-state.ts";
import { readSetting, writeSetting } from "../storage/repositories/settings-repository.ts";
import { createUsageRecorder, type UsageRecorder, type UsageRecorderOptions } from "../usage/usage-recorder.ts";

export type GatewayRuntime = {
  settings: GatewaySettings;
  logger: Logger;
  storage: Storage;
  catalog: Catalog;
  cipher: CredentialCipher;
  connections: ConnectionRegistry;
  /** Renews OAuth tokens before they expire, and on demand after a 401. */
  tokenRefresher: TokenRefresher;
  apiKeys: ApiKeyRegistry;
  combos: ComboRegistry;
  usage: UsageRecorder;
  resilience: ResilienceState;
  selection: SelectionState;
  cache: ResponseCache;
  coalescer: RequestCoalescer<IrResponse>;
  keyLimiter: KeyLimiter;
  connectionLimiter: ConnectionLimiter;
  /** Dashboard settings the request path reads, refreshed on every reload. */
  live: { captureBodies: boolean; cacheEnabled: boolean };
  generatedKeys: Array<{ name: string; key: string }>;
  /** True when this boot set the dashboard password from INITIAL_PASSWORD, so it is printed once. */
  adminPasswordSeeded: boolean;
  /** Settles when the first background model discovery has finished (tests wait for it). */
  modelsDiscovered: Promise<void>;
  reload(): void;
  close(): void;
};

export type RuntimeOptions = {
  logger?: Logger;
  catalog?: Catalog;
  watchIntervalMs?: number;
  usage?: UsageRecorderOptions;
  /** A cipher for settings.apiKeySecret, possibly with the stored credentials already decrypted (start-gateway.ts). */
  cipher?: CredentialCipher;
  /** The database, when the caller has opened it already; the runtime owns it from here and closes it. */
  storage?: Storage;
};

export function createGatewayRuntime(settings: GatewaySettings, options: RuntimeOptions = {}): GatewayRuntime {
  const logger = options.logger ?? createLogger(settings.logLevel);
  registerSecret(settings.jwtSecret);
  registerSecret(settings.apiKeySecret);
  const catalog = options.catalog ?? embeddedCatalog();
  const cipher = options.cipher ?? createCredentialCipher(settings.apiKeySecret);
  const storage = options.storage ?? openStorage(settings.databasePath);
  const adminPasswordSeeded = ensureAdminPassword(storage, settings.initialPassword);

  let generatedKeys: GatewayRuntime["generatedKeys"] = [];
  if (settings.configFile) {
    const applied = applyConfigFileAtStart(storage, cipher, readConfigFile(settings.configFile, catalog), settings.apiKeySecret);
    generatedKeys = applied.generatedKeys;
    logger.debug(applied.skipped ? `config file ${settings.configFile} unchanged since it was last applied` : `config file ${settings.configFile} applied`, { changed: applied.changed });
  }

  const connections = createConnectionRegistry(storage, catalog, cipher, logger);
  const apiKeys = createApiKeyRegistry(storage);
  const combos = createComboRegistry(storage);
  const live = { captureBodies: false, cacheEnabled: settings.cacheEnabled };
  const readLiveSettings = () => {
    live.captureBodies = readSetting(storage, captureBodiesSettingKey) === "true";
    const level = parseStoredLevel(readSetting(storage, logLevelSettingKey)) ?? settings.logLevel;
    if (level !== logger.level) logger.setLevel(level);
    const storedCache = readSetting(storage, cacheEnabledSettingKey);
    live.cacheEnabled = storedCache === undefined ? settings.cacheEnabled : storedCache === "true";
  };
  const reload = () => {
    connections.reload();
    apiKeys.reload();
    combos.reload();
    readLiveSettings();
  };
  // The registries have just read the database; only the live settings are still to read.
  readLiveSettings();

  const checkpointer = createWalCheckpointer(storage.sqlite, settings.databasePath, logger);
  const usage = createUsageRecorder(storage.sqlite, logger, { ...options.usage, afterWrite: checkpointer.wrote, canWrite: () => !checkpointer.checkpointing });
  checkpointer.onDone(() => usage.pending > 0 && usage.flush());
  const cachePersistence = createSqlitePersistence(storage.sqlite, { onError: (error) => logger.warn(`response cache persistence: ${error.message}`) });
  const cache = createResponseCache({ maxBytes: settings.cacheMaxBytes, ttlMs: settings.cacheTtlSeconds * 1000, persistence: cachePersistence });
  const coalescer = createRequestCoalescer<IrResponse>();
  const limitStore = createInMemoryLimitStore();
  const budgets = createBudgetTracker({
    loadSpend(keyId, since) {
      if (usage.flush() === 0 && usage.pending > 0) throw new Error("queued usage could not be written");
      return sumSpendFromRollup(storage.sqlite, keyId, since);
    },
  });
  const keyLimiter = createKeyLimiter(limitStore, budgets);
  const connectionLimiter = createConnectionLimiter(limitStore);
  const detachLimits = attachUsage(keyLimiter, budgets, usage);
  const retention = startRetention(storage, logger);
  const resilience = createResilienceState({ breaker: { failureThreshold: settings.breakerFailureThreshold, coolOffMs: settings.breakerCoolOffMs } });
  const lastKnownGoodSetting = "routing.last_known_good";
  const lastKnownGood = parseStoredMap(readSetting(storage, lastKnownGoodSetting));
  let pendingLastKnownGoodWrite: ReturnType<typeof setTimeout> | undefined;
  const writeLastKnownGood = () => {
    pendingLastKnownGoodWrite = undefined;
    writeSetting(storage, lastKnownGoodSetting, JSON.stringify(lastKnownGood));
  };
  const selection = createInMemorySelectionState({
    lastKnownGood,
    onLastKnownGoodChange(comboName, key) {
      lastKnownGood[comboName] = key;
      pendingLastKnownGoodWrite ??= setTimeout(writeLastKnownGood, 0);
    },
  });
  const tokenRefresher = createTokenRefresher({
    connections: () =>
      connections
        .all()
        .flatMap((connection) =>
          connection.provider.auth.style === "oauth" && connection.provider.oauth && connection.credential && connection.problem === undefined
            ? [{ name: connection.name, oauth: connection.provider.oauth, credential: connection.credential }]
            : [],
        ),
    save(name, credentialText) {
      saveConnectionCredential(storage, cipher, name, credentialText);
      connections.reload();
    },
    markNeedsLogin(name, reason) {
      markConnectionNeedsLogin(storage, name, reason);
      logger.warn(`connection "${name}" needs a new login (${reason}); routing skips it until \`amrouter login\` succeeds`);
      connections.reload();
    },
    onTransientFailure(name, message) {
      logger.warn(`token refresh for connection "${name}" failed, retrying on the next sweep: ${message}`);
    },
  });
  tokenRefresher.start();
  const discovery = startModelDiscovery(connections, logger);
  const modelsDiscovered = discovery.refresh();

  const readDataVersion = storage.sqlite.query<{ data_version: number }, []>("PRAGMA data_version");
  let dataVersion = readDataVersion.get()?.data_version;
  const watcher = setInterval(() => {
    const current = readDataVersion.get()?.data_version;
    if (current !== dataVersion) {
      dataVersion = current;
      logger.debug("database changed by another process; reloading");
      reload();
      void discovery.refresh();
    }
  }, options.watchIntervalMs ?? 1000);
  watcher.unref();

  return {
    settings,
    logger,
    storage,
    catalog,
    cipher,
    connections,
    tokenRefresher,
    apiKeys,
    combos,
    usage,
    resilience,
    selection,
    cache,
    coalescer,
    keyLimiter,
    connectionLimiter,
    live,
    generatedKeys,
    adminPasswordSeeded,
    modelsDiscovered,
    reload,
    close() {
      clearInterval(watcher);
      tokenRefresher.stop();
      discovery.stop();
      detachLimits();
      retention.stop();
      usage.stop();
      cachePersistence.stop();
      if (pendingLastKnownGoodWrite) {
        clearTimeout(pendingLastKnownGoodWrite);
        writeLastKnownGood();
      }
      checkpointer.stop();
      storage.close();
    },
  };
}

function parseStoredMap(text: string | undefined): Record<string, string> {
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function parseStoredLevel(text: string | undefined): LogLevel | undefined {
  try {
    const value: unknown = text ? JSON.parse(text) : undefined;
    return logLevels.find((level) => level === value);
  } catch {
    return undefined;
  }
}
