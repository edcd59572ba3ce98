// The shape of one provider data file in providers/: the single source of truth for what a catalog entry may say.
import { Type, type Static } from "@sinclair/typebox";

export const wireFamilies = [
  "openai-chat",
  "anthropic",
  "gemini",
  "openai-responses",
  "azure-openai",
  "ollama",
  "cohere",
  "bedrock-converse",
  "vertex",
  "watsonx",
] as const;

/** Families the gateway can speak today; a provider of another family is listed but not counted. */
export const builtFamilies: ReadonlySet<string> = new Set(["openai-chat", "openai-responses", "anthropic", "gemini"]);

export const WireFamily = Type.Union(wireFamilies.map((family) => Type.Literal(family)));
export type WireFamily = Static<typeof WireFamily>;

export const AuthStyle = Type.Union([
  Type.Object({ style: Type.Literal("bearer") }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("header"), name: Type.String({ minLength: 1 }), prefix: Type.Optional(Type.String()) }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("query"), name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("none") }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("oauth"), flow: Type.Union([Type.Literal("device-code"), Type.Literal("pkce"), Type.Literal("token-import")]) }, { additionalProperties: false }),
]);
export type AuthStyle = Static<typeof AuthStyle>;

export const Capability = Type.Union(
  ["tools", "vision", "reasoning", "json_schema", "embeddings", "audio", "documents"].map((name) => Type.Literal(name)),
);
export type Capability = Static<typeof Capability>;

const PricePerMillion = Type.Number({ minimum: 0 });

export const CatalogModel = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    name: Type.Optional(Type.String()),
    contextWindow: Type.Optional(Type.Integer({ minimum: 1 })),
    maxOutput: Type.Optional(Type.Integer({ minimum: 1 })),
    price: Type.Optional(
      Type.Object(
        {
          input: PricePerMillion,
          output: PricePerMillion,
          cachedInput: Type.Optional(PricePerMillion),
          cacheWrite: Type.Optional(PricePerMillion),
        },
        { additionalProperties: false },
      ),
    ),
    capabilities: Type.Optional(Type.Array(Capability, { uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CatalogModel = Static<typeof CatalogModel>;

export const Quirks = Type.Object(
  {
    noSystemRole: Type.Optional(Type.Boolean()),
    developerAsSystem: Type.Optional(Type.Boolean()),
    maxTokensField: Type.Optional(Type.Union([Type.Literal("max_tokens"), Type.Literal("max_completion_tokens")])),
    noStreamUsage: Type.Optional(Type.Boolean()),
    noModelsEndpoint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type Quirks = Static<typeof Quirks>;

export const ProviderEntry = Type.Object(
  {
    id: Type.String({ pattern: "^[a-z0-9][a-z0-9-]*$" }),
    name: Type.String({ minLength: 1 }),
    family: Type.Optional(WireFamily),
    baseUrl: Type.String({ minLength: 1 }),
    auth: AuthStyle,
    envVar: Type.Optional(Type.String({ pattern: "^[A-Z][A-Z0-9_]*$" })),
    docsUrl: Type.Optional(Type.String({ pattern: "^https://" })),
    local: Type.Optional(Type.Boolean()),
    category: Type.Optional(
      Type.Union(["lab", "inference", "aggregator", "cloud", "local", "subscription"].map((name) => Type.Literal(name))),
    ),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    quirks: Type.Optional(Quirks),
    models: Type.Array(CatalogModel),
  },
  { additionalProperties: false },
);
export type ProviderEntry = Static<typeof ProviderEntry>;
