// Composes the HTTP surfaces into one Elysia app. Exported so tests can call app.handle() in process.
import { Elysia } from "elysia";
import { PayloadTooLargeError } from "./errors/gateway-errors.ts";
import type { GatewayRuntime } from "./gateway/gateway-runtime.ts";
import { errorResponse, errorShapeForPath, toGatewayError } from "./http/error-response.ts";
import { healthRoutes } from "./http/health.ts";
import { anthropicRoutes } from "./http/anthropic.ts";
import { geminiRoutes } from "./http/gemini.ts";
import { openAIRoutes } from "./http/openai.ts";
import { responsesRoutes } from "./http/responses.ts";
import { createCorsPolicy } from "./http/plugins/cors.ts";

function pathOf(request: Request): string {
  const start = request.url.indexOf("/", request.url.indexOf("//") + 2);
  const query = request.url.indexOf("?", start);
  return request.url.slice(start, query === -1 ? undefined : query);
}

/** Paths served by the admin API, Swagger UI and the dashboard, which are built on their first request. */
const lazyAdminPaths = ["/api/*", "/swagger", "/swagger/*", "/", "/index.html", "/service-worker.js", "/manifest.webmanifest", "/assets/*", "/icons/*"];

export function createApp(runtime: GatewayRuntime) {
  const cors = createCorsPolicy(runtime.settings.corsOrigins);
  const maxBodyBytes = runtime.settings.maxBodyBytes;
  const onError = ({ code, error, request }: { code: unknown; error: unknown; request: Request }) =>
    errorResponse(toGatewayError({ code, error }, runtime.logger), errorShapeForPath(pathOf(request)), cors.headersFor(request));
  // The admin API and the dashboard are dozens of routes no model request needs: they are composed on first use,
  // which keeps start-up fast and idle memory low.
  let admin: Promise<{ handle(request: Request): Promise<Response> }> | undefined;
  const handleAdmin = async ({ request }: { request: Request }) => {
    admin ??= import("./http/admin/index.ts").then(({ adminRoutes }) => new Elysia().onError(onError).use(adminRoutes(runtime)));
    const response = await (await admin).handle(request);
    const headers = cors.headersFor(request);
    if (headers) for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };
  const app = new Elysia({ serve: { maxRequestBodySize: maxBodyBytes + 16 * 1024 * 1024 } })
    .onRequest(({ request, set }) => {
      if (request.method === "OPTIONS") return cors.preflight(request);
      const corsHeaders = cors.headersFor(request);
      if (corsHeaders) Object.assign(set.headers, corsHeaders);
      const length = request.headers.get("content-length");
      if (length !== null && Number(length) > maxBodyBytes) {
        return errorResponse(new PayloadTooLargeError(maxBodyBytes), errorShapeForPath(pathOf(request)), cors.headersFor(request));
      }
    })
    .onError(onError)
    .use(healthRoutes(runtime))
    .use(openAIRoutes(runtime))
    .use(anthropicRoutes(runtime))
    .use(geminiRoutes(runtime))
    .use(responsesRoutes(runtime));
  for (const path of lazyAdminPaths) app.all(path, handleAdmin);
  return app;
}

export type App = ReturnType<typeof createApp>;
