// The declarative config file (`amrouter --config FILE`, JSON or YAML): connections, combos and API keys.
import { Type, type Static } from "@sinclair/typebox";

const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

const KeyLimits = Type.Object(
  {
    requestsPerMinute: Type.Optional(Count),
    tokensPerMinute: Type.Optional(Count),
    concurrentRequests: Type.Optional(Count),
    dailyBudgetUsd: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    monthlyBudgetUsd: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const ConnectionLimits = Type.Object(
  {
    requestsPerMinute: Type.Optional(Count),
    concurrentRequests: Type.Optional(Count),
    queueSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    queueTimeoutMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  },
  { additionalProperties: false },
);

const Name = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$", maxLength: 64, description: "letters, digits, . _ - (no slash)" });

export const ConfigConnection = Type.Object(
  {
    name: Name,
    provider: Type.String({ minLength: 1 }),
    baseUrl: Type.Optional(Type.String({ pattern: "^https?://" })),
    apiKey: Type.Optional(Type.String({ minLength: 1 })),
    apiKeyEnv: Type.Optional(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" })),
    priority: Type.Optional(Type.Integer()),
    weight: Type.Optional(Type.Integer({ minimum: 0 })),
    tags: Type.Optional(Type.Array(Type.String())),
    models: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    enabled: Type.Optional(Type.Boolean()),
    limits: Type.Optional(ConnectionLimits),
    /** What the provider asks each connection for (Vertex project and location, watsonx region and project_id). */
    settings: Type.Optional(Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]*$" }), Type.String())),
    prices: Type.Optional(
      Type.Record(
        Type.String({ minLength: 1 }),
        Type.Object(
          {
            input: Type.Number({ minimum: 0 }),
            output: Type.Number({ minimum: 0 }),
            cachedInput: Type.Optional(Type.Number({ minimum: 0 })),
            cacheWrite: Type.Optional(Type.Number({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

export const ConfigCombo = Type.Object(
  {
    name: Name,
    strategy: Type.Optional(Type.String({ minLength: 1 })),
    models: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
    fallThroughStatuses: Type.Optional(Type.Array(Type.Integer({ minimum: 400, maximum: 599 }), { uniqueItems: true })),
    stickySessionHeader: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9-]+$" })),
  },
  { additionalProperties: false },
);

export const ConfigApiKey = Type.Object(
  {
    name: Name,
    key: Type.Optional(Type.String({ pattern: "^amr_[A-Za-z0-9_-]{16,}$" })),
    scope: Type.Optional(Type.Union([Type.Literal("client"), Type.Literal("admin")])),
    limits: Type.Optional(KeyLimits),
  },
  { additionalProperties: false },
);

export const ConfigFile = Type.Object(
  {
    connections: Type.Optional(Type.Array(ConfigConnection)),
    combos: Type.Optional(Type.Array(ConfigCombo)),
    apiKeys: Type.Optional(Type.Array(ConfigApiKey)),
  },
  { additionalProperties: false },
);

export type ConfigFile = Static<typeof ConfigFile>;
