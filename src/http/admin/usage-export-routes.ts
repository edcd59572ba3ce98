// GET /api/usage/export: the request log as CSV for a time range and filters (key, model, provider, status), for
// spreadsheets and billing. Reads in pages of 1,000 so a large range never holds the database long.
import { t } from "elysia";
import { LogsQuery } from "./usage-routes.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { listUsageRecords, type UsageRecordFilters } from "../../usage/request-log-query.ts";
import { adminPlugin } from "./admin-plugin.ts";

const maximumRows = 200_000;
const columns = [
  "id", "timestamp", "api_key_name", "client_format", "requested_model", "served_model", "connection", "provider", "combo", "status",
  "error_code", "attempts", "stream", "latency_ms", "first_token_ms", "input_tokens", "output_tokens", "cached_input_tokens",
  "reasoning_tokens", "estimated", "cost_usd",
];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function usageExportRoutes(runtime: GatewayRuntime) {
  return adminPlugin(runtime, "admin-usage-export").get(
    "/api/usage/export",
    ({ query }) => {
      runtime.usage.flush();
      const filters: UsageRecordFilters = { ...query, limit: 1000 };
      const lines = [columns.join(",")];
      let rows = 0;
      while (rows < maximumRows) {
        const page = listUsageRecords(runtime.storage.sqlite, filters);
        for (const record of page) {
          const row = { ...record, timestamp: new Date(Number(record.timestamp)).toISOString() } as Record<string, unknown>;
          lines.push(columns.map((column) => csvCell(row[column])).join(","));
        }
        rows += page.length;
        if (page.length < 1000) break;
        filters.beforeId = Number(page.at(-1)!.id);
      }
      const stamp = new Date().toISOString().slice(0, 10);
      return new Response(lines.join("\n") + "\n", {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="amrouter-usage-${stamp}.csv"` },
      });
    },
    {
      query: t.Omit(LogsQuery, ["beforeId", "limit"]),
      detail: { tags: ["Usage"], summary: "The request log as CSV (newest first, up to 200,000 rows)" },
    },
  );
}
