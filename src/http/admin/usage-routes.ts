// /api/usage (totals and series by hour or day, grouped by key, model or provider), /api/logs (the request log
// with filters) and /api/logs/stream (live records as server-sent events).
import { Elysia, t } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { sseEvent } from "../../streaming/sse-writer.ts";
import { NotFoundError } from "../../errors/gateway-errors.ts";
import { listUsageRecords } from "../../usage/request-log-query.ts";
import { findRequest, summarizeUsage } from "../../usage/usage-queries.ts";
import { authenticateAdmin } from "./admin-auth.ts";

const dayMs = 86_400_000;

const UsageQuery = t.Object({
  from: t.Optional(t.Numeric()),
  to: t.Optional(t.Numeric()),
  bucket: t.Optional(t.Union([t.Literal("hour"), t.Literal("day")])),
  groupBy: t.Optional(t.Union([t.Literal("key"), t.Literal("model"), t.Literal("provider")])),
});

export const LogsQuery = t.Object({
  from: t.Optional(t.Numeric()),
  to: t.Optional(t.Numeric()),
  apiKeyId: t.Optional(t.Numeric()),
  model: t.Optional(t.String()),
  provider: t.Optional(t.String()),
  connection: t.Optional(t.String()),
  status: t.Optional(t.Union([t.Literal("ok"), t.Literal("error")])),
  beforeId: t.Optional(t.Numeric()),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 1000 })),
});

export function usageRoutes(runtime: GatewayRuntime) {
  return new Elysia({ name: "admin-usage" })
    .get(
      "/api/usage",
      ({ query, request }) => {
        authenticateAdmin(runtime, request);
        runtime.usage.flush();
        const to = query.to ?? Date.now() + 1;
        const from = query.from ?? to - 7 * dayMs;
        const rows = summarizeUsage(runtime.storage.sqlite, { from, to, bucket: query.bucket ?? "day", groupBy: query.groupBy });
        const totals = rows.reduce(
          (sum, row) => ({
            requests: sum.requests + row.requests,
            errors: sum.errors + row.errors,
            inputTokens: sum.inputTokens + row.inputTokens,
            outputTokens: sum.outputTokens + row.outputTokens,
            costUsd: sum.costUsd + row.costUsd,
          }),
          { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
        );
        return { from, to, bucket: query.bucket ?? "day", groupBy: query.groupBy ?? null, totals, rows };
      },
      { query: UsageQuery },
    )
    .get(
      "/api/logs",
      ({ query, request }) => {
        authenticateAdmin(runtime, request);
        runtime.usage.flush();
        return { records: listUsageRecords(runtime.storage.sqlite, query) };
      },
      { query: LogsQuery },
    )
    .get("/api/logs/:requestId", ({ params, request }) => {
      authenticateAdmin(runtime, request);
      runtime.usage.flush();
      const found = findRequest(runtime.storage.sqlite, params.requestId);
      if (!found) throw new NotFoundError(`No request with id "${params.requestId}" (it may be older than the retention).`);
      return found;
    })
    .get("/api/logs/stream", ({ request }) => {
      authenticateAdmin(runtime, request);
      let unsubscribe = () => {};
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(": connected\n\n"));
          unsubscribe = runtime.usage.subscribe((record) => controller.enqueue(encoder.encode(sseEvent(record, "usage"))));
        },
        cancel() {
          unsubscribe();
        },
      });
      request.signal.addEventListener("abort", () => unsubscribe(), { once: true });
      return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
    });
}
