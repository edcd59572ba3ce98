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
  "gemini-code-assist",
] as const;

export const WireFamily = Type.Union(wireFamilies.map((family) => Type.Literal(family)));
export type WireFamily = Static<typeof WireFamily>;

export const AuthStyle = Type.Union([
  Type.Object({ style: Type.Literal("bearer") }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("header"), name: Type.String({ minLength: 1 }), prefix: Type.Optional(Type.String()) }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("query"), name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("none") }, { additionalProperties: false }),
  Type.Object({ style: Type.Literal("oauth"), flow: Type.Union([Type.Literal("device-code"), Type.Literal("pkce"), Type.Literal("token-import")]) }, { additionalProperties: false }),
  /**
   * AWS: an IAM key pair signs each request with Signature Version 4 for `service`; any other credential is an
   * API key sent as Bearer (src/upstream/aws-credentials.ts lists the credential forms).
   */
  Type.Object({ style: Type.Literal("aws-sigv4"), service: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
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
    /** Who publishes the model on a model garden (Vertex AI: google, anthropic); picks its wire format and URL. */
    publisher: Type.Optional(Type.String({ pattern: "^[a-z0-9-]+$" })),
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

/**
 * How to sign in to a subscription provider (auth style `oauth`): the public client id and endpoints its own
 * open-source CLI uses. Read by src/oauth/ and `amrouter login`.
 */
export const OAuthSettings = Type.Object(
  {
    flow: Type.Union([Type.Literal("device-code"), Type.Literal("pkce"), Type.Literal("token-import")]),
    clientId: Type.String({ minLength: 1 }),
    /** The published secret of an "installed application" client (Gemini CLI); public by design, not a credential. */
    clientSecret: Type.Optional(Type.String({ minLength: 1 })),
    authorizeUrl: Type.Optional(Type.String({ pattern: "^https://" })),
    tokenUrl: Type.String({ pattern: "^https://" }),
    deviceCodeUrl: Type.Optional(Type.String({ pattern: "^https://" })),
    scopes: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /** Loopback redirect port registered for the client; 0 when any free port is accepted. */
    redirectPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    /** Path of the loopback redirect, e.g. /callback. */
    redirectPath: Type.Optional(Type.String({ pattern: "^/" })),
    /** Host written in the loopback redirect URI; the listener always binds 127.0.0.1. */
    redirectHost: Type.Optional(Type.Union([Type.Literal("localhost"), Type.Literal("127.0.0.1")])),
    /** A provider page that shows the code for pasting into the terminal (used with --no-browser). */
    manualRedirectUri: Type.Optional(Type.String({ pattern: "^https://" })),
    extraAuthorizeParams: Type.Optional(Type.Record(Type.String(), Type.String())),
    /** The header that carries the token's account id on every request (the Codex backend's chatgpt-account-id). */
    accountIdHeader: Type.Optional(Type.String({ minLength: 1 })),
    /** Exchanges the OAuth token for a short-lived API token (GitHub Copilot). */
    tokenExchangeUrl: Type.Optional(Type.String({ pattern: "^https://" })),
    /** How requests to tokenUrl are encoded: form (RFC 6749, the default) or json (Claude). */
    tokenRequestFormat: Type.Optional(Type.Union([Type.Literal("form"), Type.Literal("json")])),
    /** The device-code flow also sends a PKCE challenge (Qwen). */
    devicePkce: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type OAuthSettings = Static<typeof OAuthSettings>;

/**
 * A value a connection to this provider sets (Vertex's project and location, watsonx's region and project id): it
 * fills the `{name}` placeholder of the base URL and whatever the family needs per account. One that fills a
 * placeholder and has no default is required (src/gateway/connection-settings.ts).
 */
export const ConnectionSetting = Type.Object(
  {
    /** What a form calls it ("Project ID"); the setting's name when absent. */
    label: Type.Optional(Type.String({ minLength: 1 })),
    description: Type.String({ minLength: 1 }),
    default: Type.Optional(Type.String()),
    /** Values of this setting that use another base URL altogether (Vertex's `global` location has no regional host). */
    baseUrls: Type.Optional(Type.Record(Type.String(), Type.String({ pattern: "^https://" }))),
  },
  { additionalProperties: false },
);
export type ConnectionSetting = Static<typeof ConnectionSetting>;

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
    oauth: Type.Optional(OAuthSettings),
    settings: Type.Optional(Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]*$" }), ConnectionSetting)),
    /** Publishers of models the catalog does not list, by model id prefix ("claude-": anthropic). */
    modelPublishers: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String({ pattern: "^[a-z0-9-]+$" }))),
    models: Type.Array(CatalogModel),
  },
  { additionalProperties: false },
);
export type ProviderEntry = Static<typeof ProviderEntry>;
