// The admin API and the dashboard in one plugin for app.ts: sign-in, usage and logs, then one plugin per resource
// (connections, providers, combos, keys, settings, health, route explain, playground, setup), Swagger UI at
// /swagger, and the dashboard bundle at /.
import { Elysia } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { dashboardRoutes } from "../dashboard.ts";
import { comboRoutes } from "./combo-routes.ts";
import { connectionRoutes } from "./connection-routes.ts";
import { keyRoutes } from "./key-routes.ts";
import { oauthLoginRoutes } from "./oauth-login-routes.ts";
import { playgroundRoutes } from "./playground-routes.ts";
import { providerRoutes } from "./provider-routes.ts";
import { resilienceRoutes } from "./resilience-routes.ts";
import { routeExplainRoutes } from "./route-explain-routes.ts";
import { sessionRoutes } from "./session-routes.ts";
import { settingsRoutes } from "./settings-routes.ts";
import { setupRoutes } from "./setup-routes.ts";
import { swaggerRoutes, type RouteSource } from "./swagger-routes.ts";
import { usageBreakdownRoutes } from "./usage-breakdown-routes.ts";
import { usageExportRoutes } from "./usage-export-routes.ts";
import { usageRoutes } from "./usage-routes.ts";

export function adminRoutes(runtime: GatewayRuntime) {
  const admin: Elysia = new Elysia({ name: "admin" });
  return admin
    .use(sessionRoutes(runtime))
    .use(usageExportRoutes(runtime))
    .use(usageBreakdownRoutes(runtime))
    .use(usageRoutes(runtime))
    .use(setupRoutes(runtime))
    .use(connectionRoutes(runtime))
    .use(providerRoutes(runtime))
    .use(oauthLoginRoutes(runtime))
    .use(comboRoutes(runtime))
    .use(keyRoutes(runtime))
    .use(settingsRoutes(runtime))
    .use(resilienceRoutes(runtime))
    .use(routeExplainRoutes(runtime))
    .use(playgroundRoutes(runtime))
    .use(swaggerRoutes(() => admin as unknown as RouteSource))
    .use(dashboardRoutes(runtime));
}
