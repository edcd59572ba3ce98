// GET /api/usage/breakdown: the Usage page's filtered view of the rollups: any combination of key, model and
// provider filters, bucketed by hour or day and optionally grouped, so filters never scan raw records.
import { t } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { summarizeUsage, usageDimensions } from "../../usage/usage-queries.ts";
import { adminPlugin } from "./admin-plugin.ts";

export function usageBreakdownRoutes(runtime: GatewayRuntime) {
  return adminPlugin(runtime, "admin-usage-breakdown").get(
    "/api/usage/breakdown",
    ({ query }) => {
      runtime.usage.flush();
      const to = query.to ?? Date.now() + 1;
      const from = query.from ?? to - 7 * 86_400_000;
      const bucket = query.bucket ?? "day";
      const rows = summarizeUsage(runtime.storage.sqlite, {
        from,
        to,
        bucket,
        groupBy: query.groupBy,
        apiKeyId: query.apiKeyId,
        model: query.model,
        provider: query.provider,
      });
      return { from, to, bucket, groupBy: query.groupBy ?? null, rows, ...usageDimensions(runtime.storage.sqlite, { from, to }) };
    },
    {
      query: t.Object({
        from: t.Optional(t.Numeric()),
        to: t.Optional(t.Numeric()),
        bucket: t.Optional(t.Union([t.Literal("hour"), t.Literal("day")])),
        groupBy: t.Optional(t.Union([t.Literal("key"), t.Literal("model"), t.Literal("provider")])),
        apiKeyId: t.Optional(t.Numeric({ description: "0 for requests without a key" })),
        model: t.Optional(t.String()),
        provider: t.Optional(t.String()),
      }),
      detail: { tags: ["Usage"], summary: "Usage from the rollups with key, model and provider filters, optionally grouped" },
    },
  );
}
