// What the admin API shows of a connection: everything but the credential, which is write-only (only
// `hasCredential` says one is stored), joined with the live registry's view (models offered, problems).
import { t, type Static } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import type { ConnectionRow } from "../../storage/schema.ts";

export const ConnectionView = t.Object({
  name: t.String(),
  provider: t.String(),
  providerName: t.String(),
  family: t.String(),
  baseUrl: t.String({ description: "the URL requests go to: the connection's own, else the catalog's" }),
  customBaseUrl: t.Union([t.String(), t.Null()]),
  hasCredential: t.Boolean(),
  credentialEnv: t.Union([t.String(), t.Null()]),
  priority: t.Integer(),
  weight: t.Integer(),
  tags: t.Array(t.String()),
  models: t.Array(t.String(), { description: "the configured model list (empty: the catalog's and the discovered ones)" }),
  availableModels: t.Array(t.String(), { description: "what clients can name after connection/" }),
  enabled: t.Boolean(),
  settings: t.Record(t.String(), t.String(), { description: "the connection's settings over the catalog's defaults" }),
  configuredSettings: t.Record(t.String(), t.String(), { description: "what the connection sets itself; the others are the catalog's defaults" }),
  usable: t.Boolean(),
  problem: t.Union([t.String(), t.Null()]),
  source: t.String(),
  createdAt: t.Number(),
  updatedAt: t.Number(),
});
export type ConnectionView = Static<typeof ConnectionView>;

export function toConnectionView(runtime: GatewayRuntime, row: ConnectionRow): ConnectionView {
  const live = runtime.connections.byName(row.name);
  const provider = runtime.catalog.get(row.provider);
  const problem = live?.problem ?? (provider ? (provider.usable ? null : `the ${provider.family} wire family is not supported yet`) : `unknown provider "${row.provider}"`);
  return {
    name: row.name,
    provider: row.provider,
    providerName: provider?.name ?? row.provider,
    family: provider?.family ?? "unknown",
    baseUrl: live?.baseUrl ?? row.baseUrl ?? provider?.baseUrl ?? "",
    customBaseUrl: row.baseUrl,
    hasCredential: row.credentialEncrypted !== null || (row.credentialEnv !== null && live?.credential !== undefined),
    credentialEnv: row.credentialEnv,
    priority: row.priority,
    weight: row.weight,
    tags: row.tags,
    models: row.models,
    availableModels: live?.models ?? [],
    enabled: row.enabled,
    settings: live?.settings ?? row.settings,
    configuredSettings: row.settings,
    usable: Boolean(live && provider?.usable && !live.problem),
    problem: problem ?? null,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
