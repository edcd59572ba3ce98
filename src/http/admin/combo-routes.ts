// /api/combos: named, ordered groups of targets clients use as a model. Each change is validated (strategy,
// targets, no cycles), written, and the in-memory combo registry reloads. /api/combos/strategies lists the
// strategies with the one-line explanation the dashboard shows.
import { eq } from "drizzle-orm";
import { t } from "elysia";
import { NotFoundError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { defaultStrategyName, routingStrategies, strategyNames } from "../../routing/strategies/index.ts";
import { upsertCombo } from "../../storage/repositories/combos-repository.ts";
import { listComboRows } from "../../storage/registry-rows.ts";
import { combosTable, type ComboRow } from "../../storage/schema.ts";
import { adminPlugin, ConflictError, resourceNamePattern } from "./admin-plugin.ts";
import { validateCombo } from "./combo-validation.ts";

const ComboView = t.Object({
  name: t.String(),
  strategy: t.String(),
  strategyDescription: t.String(),
  targets: t.Array(t.String()),
  maxAttempts: t.Union([t.Integer(), t.Null()]),
  timeoutMs: t.Union([t.Integer(), t.Null()]),
  source: t.String(),
  createdAt: t.Number(),
  updatedAt: t.Number(),
});

const Targets = t.Array(t.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 100, description: "tried in this order by the priority strategy" });
const editableFields = {
  strategy: t.Optional(t.String({ minLength: 1 })),
  targets: t.Optional(Targets),
  maxAttempts: t.Optional(t.Union([t.Integer({ minimum: 1, maximum: 20 }), t.Null()])),
  timeoutMs: t.Optional(t.Union([t.Integer({ minimum: 100, maximum: 3_600_000 }), t.Null()])),
};
const CreateCombo = t.Object({ name: t.String({ pattern: resourceNamePattern, maxLength: 64 }), ...editableFields, targets: Targets }, { additionalProperties: false });
const UpdateCombo = t.Object(editableFields, { additionalProperties: false });
const NameParams = t.Object({ name: t.String() });

function toView(row: ComboRow) {
  const option = (key: string) => (typeof row.options[key] === "number" ? (row.options[key] as number) : null);
  return {
    name: row.name,
    strategy: row.strategy,
    strategyDescription: routingStrategies[row.strategy]?.description ?? "",
    targets: row.targets,
    maxAttempts: option("maxAttempts"),
    timeoutMs: option("timeoutMs"),
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function options(maxAttempts: number | null | undefined, timeoutMs: number | null | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (typeof maxAttempts === "number") result.maxAttempts = maxAttempts;
  if (typeof timeoutMs === "number") result.timeoutMs = timeoutMs;
  return result;
}

export function comboRoutes(runtime: GatewayRuntime) {
  const findRow = (name: string) => listComboRows(runtime.storage.sqlite).find((row) => row.name === name);
  const requireRow = (name: string) => {
    const row = findRow(name);
    if (!row) throw new NotFoundError(`There is no combo named "${name}".`, "combo_not_found", "name");
    return row;
  };
  return adminPlugin(runtime, "admin-combos")
    .get("/api/combos/strategies", () => ({ default: defaultStrategyName, strategies: strategyNames.map((name) => ({ name, description: routingStrategies[name]!.description })) }), {
      response: t.Object({ default: t.String(), strategies: t.Array(t.Object({ name: t.String(), description: t.String() })) }),
      detail: { tags: ["Combos"], summary: "Routing strategies with a one-line explanation each" },
    })
    .get("/api/combos", () => ({ combos: listComboRows(runtime.storage.sqlite).map(toView) }), {
      response: t.Object({ combos: t.Array(ComboView) }),
      detail: { tags: ["Combos"], summary: "List combos" },
    })
    .post(
      "/api/combos",
      ({ body, set }) => {
        if (findRow(body.name)) throw new ConflictError(`A combo named "${body.name}" already exists.`);
        const draft = { name: body.name, strategy: body.strategy ?? defaultStrategyName, targets: body.targets };
        validateCombo(runtime, draft);
        upsertCombo(runtime.storage, { ...draft, options: options(body.maxAttempts, body.timeoutMs), source: "api" });
        runtime.combos.reload();
        set.status = 201;
        return toView(requireRow(body.name));
      },
      { body: CreateCombo, response: { 201: ComboView }, detail: { tags: ["Combos"], summary: "Create a combo" } },
    )
    .patch(
      "/api/combos/:name",
      ({ body, params }) => {
        const row = requireRow(params.name);
        const draft = { name: row.name, strategy: body.strategy ?? row.strategy, targets: body.targets ?? row.targets };
        validateCombo(runtime, draft);
        const current = toView(row);
        const maxAttempts = body.maxAttempts === undefined ? current.maxAttempts : body.maxAttempts;
        const timeoutMs = body.timeoutMs === undefined ? current.timeoutMs : body.timeoutMs;
        const { maxAttempts: _attempts, timeoutMs: _timeout, ...otherOptions } = row.options;
        upsertCombo(runtime.storage, { ...draft, options: { ...otherOptions, ...options(maxAttempts, timeoutMs) }, source: row.source });
        runtime.combos.reload();
        return toView(requireRow(params.name));
      },
      { params: NameParams, body: UpdateCombo, response: ComboView, detail: { tags: ["Combos"], summary: "Edit a combo: strategy, target order, attempts, timeout" } },
    )
    .delete(
      "/api/combos/:name",
      ({ params }) => {
        requireRow(params.name);
        const usedBy = runtime.combos.all().filter((combo) => combo.name !== params.name && combo.targets.some((target) => [params.name, `combo:${params.name}`, `combo/${params.name}`].includes(target)));
        if (usedBy.length > 0) throw new ConflictError(`Combo "${params.name}" is a target of ${usedBy.map((combo) => `"${combo.name}"`).join(", ")}; remove it there first.`);
        runtime.storage.orm.delete(combosTable).where(eq(combosTable.name, params.name)).run();
        runtime.combos.reload();
        return { deleted: true };
      },
      { params: NameParams, response: t.Object({ deleted: t.Boolean() }), detail: { tags: ["Combos"], summary: "Delete a combo" } },
    );
}
