// GET /health for load balancers, `amrouter healthcheck` and the container health check.
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
    }));
}
