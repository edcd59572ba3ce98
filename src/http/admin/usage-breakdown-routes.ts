// GET /api/usage/breakdown: the Usage page's filtered view of the hourly rollup: any combination of key, model
// and provider filters, bucketed by hour or day and optionally grouped, so filters never scan raw records.
import { t } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { adminPlugin } from "./admin-plugin.ts";

const hourMs = 3_600_000;
const groupColumns = { key: "CAST(api_key_id AS TEXT)", model: "model", provider: "provider" } as const;

type BreakdownRow = { bucket: number; group: string | null; requests: number; errors: number; inputTokens: number; outputTokens: number; costUsd: number; averageLatencyMs: number };

export function usageBreakdownRoutes(runtime: GatewayRuntime) {
  return adminPlugin(runtime, "admin-usage-breakdown").get(
    "/api/usage/breakdown",
    ({ query }) => {
      runtime.usage.flush();
      const to = query.to ?? Date.now() + 1;
      const from = query.from ?? to - 7 * 86_400_000;
      const bucket = query.bucket ?? "day";
      const bucketSize = bucket === "day" ? 86_400_000 : hourMs;
      const where = ["hour >= ?", "hour < ?"];
      const values: Array<string | number> = [Math.floor(from / hourMs) * hourMs, to];
      if (query.apiKeyId !== undefined) (where.push("api_key_id = ?"), values.push(query.apiKeyId));
      if (query.model !== undefined) (where.push("model = ?"), values.push(query.model));
      if (query.provider !== undefined) (where.push("provider = ?"), values.push(query.provider));
      const group = query.groupBy ? groupColumns[query.groupBy] : "NULL";
      const rows = runtime.storage.sqlite
        .query<BreakdownRow, Array<string | number>>(
          `SELECT (hour / ${bucketSize}) * ${bucketSize} AS bucket, ${group} AS "group", SUM(requests) AS requests, SUM(errors) AS errors,
            SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens, SUM(cost_usd) AS costUsd,
            CASE WHEN SUM(requests) = 0 THEN 0 ELSE SUM(latency_ms_total) * 1.0 / SUM(requests) END AS averageLatencyMs
          FROM usage_hourly WHERE ${where.join(" AND ")} GROUP BY 1, 2 ORDER BY 1, 2`,
        )
        .all(...values);
      const dimensions = runtime.storage.sqlite
        .query<{ model: string; provider: string }, [number, number]>("SELECT DISTINCT model, provider FROM usage_hourly WHERE hour >= ? AND hour < ?")
        .all(Math.floor(from / hourMs) * hourMs, to);
      return {
        from,
        to,
        bucket,
        groupBy: query.groupBy ?? null,
        rows,
        models: [...new Set(dimensions.map((row) => row.model).filter(Boolean))].sort(),
        providers: [...new Set(dimensions.map((row) => row.provider).filter(Boolean))].sort(),
      };
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
      detail: { tags: ["Usage"], summary: "Usage from the hourly rollup with key, model and provider filters, optionally grouped" },
    },
  );
}
