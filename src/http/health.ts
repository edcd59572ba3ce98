// GET /health for load balancers, `amrouter healthcheck` and the container health check; GET / says where to go.
import { Elysia } from "elysia";
import type { GatewayRuntime } from "../gateway/gateway-runtime.ts";
import { version } from "../version.ts";

const startedAt = Date.now();

export function healthRoutes(runtime: GatewayRuntime) {
  return new Elysia({ name: "health" })
    .get("/health", () => ({
      status: "ok",
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      connections: runtime.connections.all().filter((connection) => connection.enabled).length,
    }))
    .get(
      "/",
      () =>
        new Response(
          `<!doctype html><meta charset="utf-8"><title>AmRouter</title><body style="font-family:system-ui;max-width:40rem;margin:3rem auto">` +
            `<h1>AmRouter ${version}</h1><p>The gateway is running. Point an OpenAI SDK at <code>/v1</code> on this address.</p>` +
            `<p><a href="/v1/models">/v1/models</a> · <a href="/health">/health</a></p></body>`,
          { headers: { "content-type": "text/html; charset=utf-8" } },
        ),
    );
}
