// /api/connections: list, add, edit, disable and remove connections, and test one. Credentials are write-only;
// every change is validated against the catalog, then the in-memory registry reloads so the next request sees it.
import { t } from "elysia";
import { InvalidRequestError, NotFoundError } from "../../errors/gateway-errors.ts";
import { trimmedSettings, unknownSettingNames } from "../../gateway/connection-settings.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { startModelDiscovery } from "../../gateway/model-discovery.ts";
import { deleteConnection, findConnectionRow, upsertConnection, type ConnectionInput } from "../../storage/repositories/connections-repository.ts";
import { listConnectionRows } from "../../storage/registry-rows.ts";
import { adminPlugin, ConflictError, resourceNamePattern } from "./admin-plugin.ts";
import { ConnectionTestResult, testConnection } from "./connection-test.ts";
import { ConnectionView, toConnectionView } from "./connection-view.ts";

const editableFields = {
  baseUrl: t.Optional(t.Union([t.String({ maxLength: 2048 }), t.Null()], { description: "http(s) URL; null or empty for the catalog's" })),
  apiKey: t.Optional(t.Union([t.String({ maxLength: 8192 }), t.Null()], { description: "write-only; stored encrypted; null removes it" })),
  apiKeyEnv: t.Optional(t.Union([t.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }), t.Null()])),
  priority: t.Optional(t.Integer()),
  weight: t.Optional(t.Integer({ minimum: 0 })),
  tags: t.Optional(t.Array(t.String({ maxLength: 64 }), { maxItems: 50 })),
  models: t.Optional(t.Array(t.String({ minLength: 1, maxLength: 256 }), { maxItems: 2000 })),
  enabled: t.Optional(t.Boolean()),
  settings: t.Optional(
    t.Record(t.String({ pattern: "^[A-Za-z][A-Za-z0-9_]*$", maxLength: 64 }), t.String({ maxLength: 2048 }), { description: "what the provider asks each connection for: Vertex project and location, watsonx region and project_id" }),
  ),
};
const CreateConnection = t.Object({ name: t.String({ pattern: resourceNamePattern, maxLength: 64 }), provider: t.String({ minLength: 1 }), ...editableFields }, { additionalProperties: false });
const UpdateConnection = t.Object({ provider: t.Optional(t.String({ minLength: 1 })), ...editableFields }, { additionalProperties: false });
const NameParams = t.Object({ name: t.String() });

function normalizedBaseUrl(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidRequestError(`"${value}" is not a URL.`, "invalid_base_url", "baseUrl");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidRequestError("The base URL must start with http:// or https://.", "invalid_base_url", "baseUrl");
  if (url.username || url.password) throw new InvalidRequestError("Put credentials in apiKey, not in the base URL.", "invalid_base_url", "baseUrl");
  return url.toString().replace(/\/+$/, "");
}

function checkProvider(runtime: GatewayRuntime, providerId: string, baseUrl: string | null): void {
  const provider = runtime.catalog.get(providerId);
  if (!provider) throw new InvalidRequestError(`Unknown provider "${providerId}". Pick one from GET /api/providers, or a family (openai-chat, openai-responses, anthropic, gemini) for a custom upstream.`, "unknown_provider", "provider");
  if (!provider.usable) throw new InvalidRequestError(`${provider.name} speaks ${provider.family}, which the gateway does not support yet.`, "family_not_supported", "provider");
  if (provider.custom && !baseUrl) throw new InvalidRequestError(`A custom ${provider.family} upstream needs a base URL.`, "base_url_required", "baseUrl");
}

/** The settings as stored, refused when the provider does not ask for one of them (a typo would be ignored). */
function checkedSettings(runtime: GatewayRuntime, providerId: string, settings: Record<string, string> | undefined): Record<string, string> | undefined {
  if (settings === undefined) return undefined;
  const provider = runtime.catalog.get(providerId)!;
  const unknown = unknownSettingNames(provider, Object.keys(settings));
  if (unknown.length > 0) {
    const known = Object.keys(provider.settings ?? {});
    const takes = known.length > 0 ? `it takes ${known.join(", ")}` : "it takes none";
    throw new InvalidRequestError(`${provider.name} has no setting ${unknown.map((name) => `"${name}"`).join(", ")}; ${takes}.`, "unknown_setting", `settings.${unknown[0]}`);
  }
  return trimmedSettings(settings);
}

/** Refreshes every connection's model list from its upstream, in the background, so a new one lists its models. */
function discoverModels(runtime: GatewayRuntime): void {
  const discovery = startModelDiscovery(runtime.connections, runtime.logger);
  void discovery.refresh().finally(() => discovery.stop());
}

function requireRow(runtime: GatewayRuntime, name: string) {
  const row = findConnectionRow(runtime.storage, name);
  if (!row) throw new NotFoundError(`There is no connection named "${name}".`, "connection_not_found", "name");
  return row;
}

export function connectionRoutes(runtime: GatewayRuntime) {
  const save = (input: ConnectionInput) => {
    upsertConnection(runtime.storage, runtime.cipher, input);
    runtime.connections.reload();
    discoverModels(runtime);
    return toConnectionView(runtime, requireRow(runtime, input.name));
  };
  return adminPlugin(runtime, "admin-connections")
    .get("/api/connections", () => ({ connections: listConnectionRows(runtime.storage.sqlite).map((row) => toConnectionView(runtime, row)) }), {
      response: t.Object({ connections: t.Array(ConnectionView) }),
      detail: { tags: ["Connections"], summary: "List connections (credentials are never returned)" },
    })
    .get("/api/connections/:name", ({ params }) => toConnectionView(runtime, requireRow(runtime, params.name)), {
      params: NameParams,
      response: ConnectionView,
      detail: { tags: ["Connections"], summary: "One connection" },
    })
    .post(
      "/api/connections",
      ({ body, set }) => {
        if (findConnectionRow(runtime.storage, body.name)) throw new ConflictError(`A connection named "${body.name}" already exists.`);
        if (runtime.combos.get(body.name)) throw new ConflictError(`"${body.name}" is already a combo name.`);
        const baseUrl = normalizedBaseUrl(body.baseUrl);
        checkProvider(runtime, body.provider, baseUrl);
        if (body.apiKey && body.apiKeyEnv) throw new InvalidRequestError("Give apiKey or apiKeyEnv, not both.", "credential_conflict", "apiKey");
        set.status = 201;
        return save({
          name: body.name,
          provider: body.provider,
          baseUrl,
          credential: body.apiKey || null,
          credentialEnv: body.apiKeyEnv ?? null,
          priority: body.priority,
          weight: body.weight,
          tags: body.tags,
          models: body.models,
          enabled: body.enabled,
          settings: checkedSettings(runtime, body.provider, body.settings),
          source: "api",
        });
      },
      { body: CreateConnection, response: { 201: ConnectionView }, detail: { tags: ["Connections"], summary: "Add a connection" } },
    )
    .patch(
      "/api/connections/:name",
      ({ body, params }) => {
        const row = requireRow(runtime, params.name);
        const provider = body.provider ?? row.provider;
        const baseUrl = body.baseUrl === undefined ? row.baseUrl : normalizedBaseUrl(body.baseUrl);
        checkProvider(runtime, provider, baseUrl);
        let credential: string | null = null;
        if (body.apiKey !== undefined) credential = body.apiKey || null;
        else if (row.credentialEncrypted) credential = runtime.cipher.decrypt(row.credentialEncrypted);
        const credentialEnv = body.apiKeyEnv === undefined ? row.credentialEnv : body.apiKeyEnv;
        if (credential && credentialEnv) throw new InvalidRequestError("Give apiKey or apiKeyEnv, not both (send null to clear the other).", "credential_conflict", "apiKey");
        return save({
          name: row.name,
          provider,
          baseUrl,
          credential,
          credentialEnv,
          priority: body.priority ?? row.priority,
          weight: body.weight ?? row.weight,
          tags: body.tags ?? row.tags,
          models: body.models ?? row.models,
          enabled: body.enabled ?? row.enabled,
          settings: checkedSettings(runtime, provider, body.settings) ?? row.settings,
          limits: row.limits,
          prices: row.prices,
          source: row.source,
        });
      },
      { params: NameParams, body: UpdateConnection, response: ConnectionView, detail: { tags: ["Connections"], summary: "Edit, enable or disable a connection" } },
    )
    .delete(
      "/api/connections/:name",
      ({ params }) => {
        requireRow(runtime, params.name);
        deleteConnection(runtime.storage, params.name);
        runtime.connections.reload();
        const prefix = `${params.name}/`;
        const referencedBy = runtime.combos
          .all()
          .filter((combo) => combo.targets.some((target) => target.startsWith(prefix)))
          .map((combo) => combo.name);
        return { deleted: true, referencedBy };
      },
      {
        params: NameParams,
        response: t.Object({ deleted: t.Boolean(), referencedBy: t.Array(t.String(), { description: "combos that still name this connection" }) }),
        detail: { tags: ["Connections"], summary: "Remove a connection" },
      },
    )
    .post(
      "/api/connections/:name/test",
      ({ params, body }) => {
        requireRow(runtime, params.name);
        const connection = runtime.connections.byName(params.name);
        if (!connection) throw new InvalidRequestError(`Connection "${params.name}" cannot be loaded (its provider is unknown).`, "connection_unusable");
        return testConnection(runtime, connection, body?.model);
      },
      {
        params: NameParams,
        body: t.Optional(t.Object({ model: t.Optional(t.String({ minLength: 1 })) })),
        response: ConnectionTestResult,
        detail: { tags: ["Connections"], summary: "Send a tiny chat request through the gateway and report latency or the exact error" },
      },
    );
}
