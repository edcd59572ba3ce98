// The declarative config file (`amrouter --config FILE`, JSON or YAML): connections, combos and API keys.
import { Type, type Static } from "@sinclair/typebox";

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
  },
  { additionalProperties: false },
);

export const ConfigApiKey = Type.Object(
  {
    name: Name,
    key: Type.Optional(Type.String({ pattern: "^amr_[A-Za-z0-9_-]{16,}$" })),
    scope: Type.Optional(Type.Union([Type.Literal("client"), Type.Literal("admin")])),
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
