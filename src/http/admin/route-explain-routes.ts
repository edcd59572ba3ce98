// POST /api/route/explain: which targets a model name would be sent to, in order, and which are skipped now and
// why, without sending anything: the dashboard's combo preview and a debugging aid for "why did this go there".
import { t } from "elysia";
import { GatewayError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { resolveModel } from "../../routing/resolve-model.ts";
import { requestFacts } from "../../gateway/request-facts.ts";
import { planRoute, strategyOf } from "../../gateway/route-planner.ts";
import { defaultStrategyName } from "../../routing/strategies/index.ts";
import { adminPlugin } from "./admin-plugin.ts";

const ExplainResult = t.Object({
  model: t.String(),
  resolved: t.Boolean(),
  combo: t.Union([t.Object({ name: t.String(), strategy: t.String() }), t.Null()]),
  strategy: t.String(),
  candidates: t.Array(
    t.Object({
      target: t.String({ description: "connection/model" }),
      connection: t.String(),
      provider: t.String(),
      model: t.String(),
      baseUrl: t.String(),
    }),
  ),
  skipped: t.Array(
    t.Object({ target: t.String(), reason: t.String(), until: t.Union([t.Number({ description: "when it recovers (Unix ms)" }), t.Null()]) }),
    { description: "targets this request would not try now, and why" },
  ),
  maxAttempts: t.Number(),
  error: t.Union([t.Object({ message: t.String(), code: t.Union([t.String(), t.Null()]) }), t.Null()]),
});

export function routeExplainRoutes(runtime: GatewayRuntime) {
  return adminPlugin(runtime, "admin-route-explain").post(
    "/api/route/explain",
    ({ body }) => {
      try {
        const resolution = resolveModel(body.model, runtime.connections, runtime.combos);
        const plan = planRoute(runtime, resolution, requestFacts(strategyOf(resolution), body, new Headers()));
        return {
          model: body.model,
          resolved: plan.ordered.length > 0,
          combo: resolution.combo ? { name: resolution.combo.name, strategy: resolution.combo.strategy } : null,
          strategy: plan.strategy,
          skipped: plan.skipped.map((entry) => ({ target: entry.key, reason: entry.reason, until: entry.until ?? null })),
          maxAttempts: plan.maxAttempts,
          candidates: plan.ordered.map((candidate) => ({
            target: `${candidate.connection.name}/${candidate.model}`,
            connection: candidate.connection.name,
            provider: candidate.connection.provider.id,
            model: candidate.model,
            baseUrl: candidate.connection.baseUrl,
          })),
          error: null,
        };
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        return { model: body.model, resolved: false, combo: null, strategy: defaultStrategyName, candidates: [], skipped: [], maxAttempts: 0, error: { message: error.message, code: error.code } };
      }
    },
    {
      body: t.Object(
        { model: t.String({ minLength: 1, maxLength: 400 }) },
        { additionalProperties: true, description: "a model name, optionally with the rest of a request body (tools, messages) so capability- and size-aware strategies can judge it" },
      ),
      response: ExplainResult,
      detail: { tags: ["Routing"], summary: "The targets a model name resolves to, in order, without sending a request" },
    },
  );
}
