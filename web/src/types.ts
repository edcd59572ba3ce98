// The admin API's response shapes as the dashboard reads them (the server's TypeBox schemas are the source of truth).
import type { UsageRecord } from "../../src/usage/usage-record.ts";

export type Connection = {
  name: string;
  provider: string;
  providerName: string;
  family: string;
  baseUrl: string;
  customBaseUrl: string | null;
  hasCredential: boolean;
  credentialEnv: string | null;
  priority: number;
  weight: number;
  tags: string[];
  models: string[];
  availableModels: string[];
  enabled: boolean;
  /** The settings in effect: the connection's own over the catalog's defaults. */
  settings: Record<string, string>;
  /** What the connection sets itself. */
  configuredSettings: Record<string, string>;
  usable: boolean;
  problem: string | null;
  source: string;
};

/** A value each connection to a provider may set (Vertex project, watsonx region, Bedrock region). */
export type ProviderSetting = { name: string; label: string; description: string; default: string | null; required: boolean };

export type Provider = {
  id: string;
  name: string;
  family: string;
  baseUrl: string;
  authStyle: string;
  oauthFlow: string | null;
  envVar: string | null;
  docsUrl: string | null;
  category: string | null;
  local: boolean;
  custom: boolean;
  usable: boolean;
  modelCount: number;
  connectionCount: number;
  settings: ProviderSetting[];
};

export type Combo = { name: string; strategy: string; strategyDescription: string; targets: string[]; maxAttempts: number | null; timeoutMs: number | null; source: string };
export type Strategy = { name: string; description: string };

export type ApiKeyLimits = { requestsPerMinute: number | null; tokensPerMinute: number | null; monthlyBudgetUsd: number | null };
export type ApiKey = { id: number; name: string; preview: string; scope: "client" | "admin"; source: string; createdAt: number; revokedAt: number | null; limits: ApiKeyLimits };

export type UsageRow = {
  bucket: number;
  group: string | null;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  averageLatencyMs: number;
};
export type UsageTotals = { requests: number; errors: number; inputTokens: number; outputTokens: number; costUsd: number };
export type UsageSummary = { from: number; to: number; bucket: "hour" | "day"; groupBy: string | null; totals: UsageTotals; rows: UsageRow[] };

/** One request log record, normalised from /api/logs (snake_case columns) or the live stream (camelCase). */
export type LogRecord = { id: string } & Pick<
  UsageRecord,
  | "timestamp"
  | "apiKeyName"
  | "clientFormat"
  | "requestedModel"
  | "servedModel"
  | "connection"
  | "provider"
  | "combo"
  | "status"
  | "errorCode"
  | "attempts"
  | "stream"
  | "latencyMs"
  | "firstTokenMs"
  | "inputTokens"
  | "outputTokens"
  | "estimated"
  | "costUsd"
>;

export type SetupState = { initialPasswordInUse: boolean; setupDone: boolean; connections: number; apiKeys: number; combos: number; requireApiKey: boolean };

export type GatewaySettings = {
  logLevel: "trace" | "debug" | "info" | "warn" | "error";
  captureBodies: boolean;
  retentionDays: number;
  cacheEnabled: boolean;
  cacheTtlSeconds: number;
  defaultRequestsPerMinute: number;
  defaultTokensPerMinute: number;
  defaultMonthlyBudgetUsd: number;
};
