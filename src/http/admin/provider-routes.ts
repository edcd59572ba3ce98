// /api/providers: the catalog the dashboard's provider picker searches (every data file in providers/ plus the
// custom families), with how each authenticates, the settings a connection gives and how many connections use it;
// one provider with its models.
import { t } from "elysia";
import type { CatalogProvider } from "../../catalog/catalog.ts";
import { NotFoundError } from "../../errors/gateway-errors.ts";
import { settingSpecs } from "../../gateway/connection-settings.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { adminPlugin } from "./admin-plugin.ts";

const SettingView = t.Object({
  name: t.String(),
  label: t.String(),
  description: t.String(),
  default: t.Union([t.String(), t.Null()]),
  required: t.Boolean({ description: "it fills a base URL placeholder and has no default" }),
});

const ProviderSummary = t.Object({
  id: t.String(),
  name: t.String(),
  family: t.String(),
  baseUrl: t.String(),
  authStyle: t.String({ description: "bearer, header, query, none or oauth" }),
  oauthFlow: t.Union([t.String(), t.Null()]),
  envVar: t.Union([t.String(), t.Null()]),
  docsUrl: t.Union([t.String(), t.Null()]),
  category: t.Union([t.String(), t.Null()]),
  local: t.Boolean(),
  custom: t.Boolean(),
  usable: t.Boolean({ description: "the gateway speaks this provider's wire family" }),
  modelCount: t.Integer(),
  connectionCount: t.Integer(),
  settings: t.Array(SettingView, { description: "what each connection to this provider may set (connection settings)" }),
});

const CatalogModelView = t.Object({
  id: t.String(),
  name: t.Union([t.String(), t.Null()]),
  contextWindow: t.Union([t.Integer(), t.Null()]),
  maxOutput: t.Union([t.Integer(), t.Null()]),
  inputPricePerMillion: t.Union([t.Number(), t.Null()]),
  outputPricePerMillion: t.Union([t.Number(), t.Null()]),
  capabilities: t.Array(t.String()),
});

function summary(runtime: GatewayRuntime, provider: CatalogProvider) {
  return {
    id: provider.id,
    name: provider.name,
    family: provider.family,
    baseUrl: provider.baseUrl,
    authStyle: provider.auth.style,
    oauthFlow: provider.auth.style === "oauth" ? provider.auth.flow : null,
    envVar: provider.envVar ?? null,
    docsUrl: provider.docsUrl ?? null,
    category: provider.category ?? (provider.custom ? "custom" : null),
    local: provider.local === true,
    custom: provider.custom,
    usable: provider.usable,
    modelCount: provider.models.length,
    connectionCount: runtime.connections.byProvider(provider.id).length,
    settings: settingSpecs(provider),
  };
}

function matches(provider: CatalogProvider, words: string[]): boolean {
  const haystack = `${provider.id} ${provider.name} ${provider.family} ${provider.category ?? ""} ${provider.models.map((model) => model.id).join(" ")}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function providerRoutes(runtime: GatewayRuntime) {
  return adminPlugin(runtime, "admin-providers")
    .get(
      "/api/providers",
      ({ query }) => {
        const words = (query.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
        const providers = runtime.catalog
          .list()
          .filter((provider) => (query.usable === undefined || provider.usable === query.usable) && matches(provider, words))
          .sort((left, right) => Number(right.custom) - Number(left.custom) || left.name.localeCompare(right.name))
          .map((provider) => summary(runtime, provider));
        return { total: runtime.catalog.list().length, providers };
      },
      {
        query: t.Object({ search: t.Optional(t.String({ maxLength: 200 })), usable: t.Optional(t.BooleanString()) }),
        response: t.Object({ total: t.Integer(), providers: t.Array(ProviderSummary) }),
        detail: { tags: ["Providers"], summary: "Search the provider catalog (id, name, family, category or model id)" },
      },
    )
    .get(
      "/api/providers/:id",
      ({ params }) => {
        const provider = runtime.catalog.get(params.id);
        if (!provider) throw new NotFoundError(`There is no provider "${params.id}" in the catalog.`, "provider_not_found", "id");
        const models = provider.models.map((model) => ({
          id: model.id,
          name: model.name ?? null,
          contextWindow: model.contextWindow ?? null,
          maxOutput: model.maxOutput ?? null,
          inputPricePerMillion: model.price?.input ?? null,
          outputPricePerMillion: model.price?.output ?? null,
          capabilities: model.capabilities ?? [],
        }));
        return { ...summary(runtime, provider), models };
      },
      {
        params: t.Object({ id: t.String() }),
        response: t.Composite([ProviderSummary, t.Object({ models: t.Array(CatalogModelView) })]),
        detail: { tags: ["Providers"], summary: "One catalog provider with its models and prices" },
      },
    );
}
