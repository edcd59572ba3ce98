// The settings the dashboard edits, kept in the database's key/value settings table, one key each, so other parts
// of the gateway can read a single value (readGatewaySettings) without knowing about the admin API. Keys and
// meanings are listed in docs/admin-api.md. Also each API key's limits (the api_keys.limits column).
import { t, type Static } from "elysia";
import { Value } from "@sinclair/typebox/value";
import type { Storage } from "../../storage/database.ts";
import { readSetting, writeSetting } from "../../storage/repositories/settings-repository.ts";
import { apiKeysTable } from "../../storage/schema.ts";
import { eq } from "drizzle-orm";

export const GatewaySettingsSchema = t.Object({
  logLevel: t.Union([t.Literal("trace"), t.Literal("debug"), t.Literal("info"), t.Literal("warn"), t.Literal("error")], { description: "settings key log_level" }),
  captureBodies: t.Boolean({ description: "settings key capture_bodies: keep request and response bodies in the request log" }),
  retentionDays: t.Integer({ minimum: 1, maximum: 3650, description: "settings key retention_days: request log records older than this are deleted (hourly totals stay)" }),
  cacheEnabled: t.Boolean({ description: "settings key cache_enabled: answer identical non-streaming requests from the response cache" }),
  cacheTtlSeconds: t.Integer({ minimum: 1, maximum: 86_400 * 30, description: "settings key cache_ttl_seconds" }),
  defaultRequestsPerMinute: t.Integer({ minimum: 0, description: "settings key default_requests_per_minute: per API key, 0 = unlimited" }),
  defaultTokensPerMinute: t.Integer({ minimum: 0, description: "settings key default_tokens_per_minute: per API key, 0 = unlimited" }),
  defaultMonthlyBudgetUsd: t.Number({ minimum: 0, description: "settings key default_monthly_budget_usd: per API key, 0 = unlimited" }),
});
export type GatewaySettingsValues = Static<typeof GatewaySettingsSchema>;

/** The database key of each setting. */
export const gatewaySettingKeys: Record<keyof GatewaySettingsValues, string> = {
  logLevel: "log_level",
  captureBodies: "capture_bodies",
  retentionDays: "retention_days",
  cacheEnabled: "cache_enabled",
  cacheTtlSeconds: "cache_ttl_seconds",
  defaultRequestsPerMinute: "default_requests_per_minute",
  defaultTokensPerMinute: "default_tokens_per_minute",
  defaultMonthlyBudgetUsd: "default_monthly_budget_usd",
};

export function defaultGatewaySettings(logLevel: GatewaySettingsValues["logLevel"] = "info"): GatewaySettingsValues {
  return {
    logLevel,
    captureBodies: false,
    retentionDays: 30,
    cacheEnabled: false,
    cacheTtlSeconds: 300,
    defaultRequestsPerMinute: 0,
    defaultTokensPerMinute: 0,
    defaultMonthlyBudgetUsd: 0,
  };
}

function parseStored(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every setting: the stored value when it is valid, else the default. Values are stored as JSON text. */
export function readGatewaySettings(storage: Storage, defaults: GatewaySettingsValues = defaultGatewaySettings()): GatewaySettingsValues {
  const result = { ...defaults } as Record<string, unknown>;
  for (const [field, key] of Object.entries(gatewaySettingKeys)) {
    const stored = parseStored(readSetting(storage, key));
    const schema = GatewaySettingsSchema.properties[field as keyof GatewaySettingsValues];
    if (stored !== undefined && Value.Check(schema, stored)) result[field] = stored;
  }
  return result as GatewaySettingsValues;
}

export function writeGatewaySettings(storage: Storage, values: Partial<GatewaySettingsValues>): void {
  for (const [field, value] of Object.entries(values)) {
    const key = gatewaySettingKeys[field as keyof GatewaySettingsValues];
    if (key && value !== undefined) writeSetting(storage, key, JSON.stringify(value));
  }
}

export const ApiKeyLimitsSchema = t.Object({
  requestsPerMinute: t.Union([t.Integer({ minimum: 1 }), t.Null()]),
  tokensPerMinute: t.Union([t.Integer({ minimum: 1 }), t.Null()]),
  monthlyBudgetUsd: t.Union([t.Number({ minimum: 0 }), t.Null()]),
});
export type ApiKeyLimits = Static<typeof ApiKeyLimitsSchema>;

export const noApiKeyLimits: ApiKeyLimits = { requestsPerMinute: null, tokensPerMinute: null, monthlyBudgetUsd: null };

/** A key's own limits, from the api_keys.limits column the limits engine enforces; null means no limit. */
export function readApiKeyLimits(storage: Storage, apiKeyId: number): ApiKeyLimits {
  const stored = storage.orm.select({ limits: apiKeysTable.limits }).from(apiKeysTable).where(eq(apiKeysTable.id, apiKeyId)).get()?.limits;
  return { ...noApiKeyLimits, ...(stored && Value.Check(t.Partial(ApiKeyLimitsSchema), stored) ? (stored as Partial<ApiKeyLimits>) : {}) };
}

export function writeApiKeyLimits(storage: Storage, apiKeyId: number, limits: ApiKeyLimits): void {
  storage.orm.update(apiKeysTable).set({ limits }).where(eq(apiKeysTable.id, apiKeyId)).run();
}
