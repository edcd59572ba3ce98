// /api/keys: client and admin API keys. Creating one returns the key once (only its hash is stored); limits and
// budgets are kept per key; revoking takes effect on the next request, because the in-memory registry reloads.
import { t } from "elysia";
import { NotFoundError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { createApiKey, findApiKeyRow, revokeApiKey } from "../../storage/repositories/api-keys-repository.ts";
import { listApiKeyRows } from "../../storage/registry-rows.ts";
import type { ApiKeyRow } from "../../storage/schema.ts";
import { adminPlugin, ConflictError, resourceNamePattern } from "./admin-plugin.ts";
import { ApiKeyLimitsSchema, noApiKeyLimits, readApiKeyLimits, writeApiKeyLimits } from "./gateway-settings-store.ts";

const ApiKeyView = t.Object({
  id: t.Integer(),
  name: t.String(),
  preview: t.String({ description: "the first and last characters, to recognise the key" }),
  scope: t.Union([t.Literal("client"), t.Literal("admin")]),
  source: t.String(),
  createdAt: t.Number(),
  revokedAt: t.Union([t.Number(), t.Null()]),
  limits: ApiKeyLimitsSchema,
});
const IdParams = t.Object({ id: t.Numeric() });
const PartialLimits = t.Partial(ApiKeyLimitsSchema, { additionalProperties: false });

export function keyRoutes(runtime: GatewayRuntime) {
  const toView = (row: ApiKeyRow) => ({
    id: row.id,
    name: row.name,
    preview: row.keyPreview,
    scope: row.scope,
    source: row.source,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    limits: readApiKeyLimits(runtime.storage, row.id),
  });
  const requireRow = (id: number) => {
    const row = listApiKeyRows(runtime.storage.sqlite).find((candidate) => candidate.id === id);
    if (!row) throw new NotFoundError(`There is no API key with id ${id}.`, "api_key_not_found", "id");
    return row;
  };
  return adminPlugin(runtime, "admin-keys")
    .get("/api/keys", () => ({ keys: listApiKeyRows(runtime.storage.sqlite).map(toView) }), {
      response: t.Object({ keys: t.Array(ApiKeyView) }),
      detail: { tags: ["API keys"], summary: "List API keys (never the keys themselves)" },
    })
    .post(
      "/api/keys",
      ({ body, set }) => {
        if (findApiKeyRow(runtime.storage, body.name)) throw new ConflictError(`An API key named "${body.name}" already exists.`);
        const { key, row } = createApiKey(runtime.storage, body.name, { scope: body.scope ?? "client", source: "api" });
        if (body.limits) writeApiKeyLimits(runtime.storage, row.id, { ...noApiKeyLimits, ...body.limits });
        runtime.apiKeys.reload();
        set.status = 201;
        return { ...toView(row), key };
      },
      {
        body: t.Object(
          { name: t.String({ pattern: resourceNamePattern, maxLength: 64 }), scope: t.Optional(t.Union([t.Literal("client"), t.Literal("admin")])), limits: t.Optional(PartialLimits) },
          { additionalProperties: false },
        ),
        response: { 201: t.Composite([ApiKeyView, t.Object({ key: t.String({ description: "shown this once; only its hash is stored" }) })]) },
        detail: { tags: ["API keys"], summary: "Create a key (the response is the only time the key is shown)" },
      },
    )
    .patch(
      "/api/keys/:id",
      ({ body, params }) => {
        const row = requireRow(params.id);
        writeApiKeyLimits(runtime.storage, row.id, { ...readApiKeyLimits(runtime.storage, row.id), ...body.limits });
        runtime.apiKeys.reload();
        return toView(row);
      },
      {
        params: IdParams,
        body: t.Object({ limits: PartialLimits }, { additionalProperties: false }),
        response: ApiKeyView,
        detail: { tags: ["API keys"], summary: "Change a key's limits and budget (null: the default)" },
      },
    )
    .delete(
      "/api/keys/:id",
      ({ params }) => {
        const row = requireRow(params.id);
        revokeApiKey(runtime.storage, String(row.id));
        runtime.apiKeys.reload();
        return toView(requireRow(params.id));
      },
      { params: IdParams, response: ApiKeyView, detail: { tags: ["API keys"], summary: "Revoke a key (refused from the next request on)" } },
    );
}
