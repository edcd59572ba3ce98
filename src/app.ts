// Composes the HTTP surfaces into one Elysia app. Exported so tests can call app.handle() in process.
import { Elysia } from "elysia";
import { PayloadTooLargeError } from "./errors/gateway-errors.ts";
import type { GatewayRuntime } from "./gateway/gateway-runtime.ts";
import { errorResponse, errorShapeForPath, toGatewayError } from "./http/error-response.ts";
import { healthRoutes } from "./http/health.ts";
import { adminRoutes } from "./http/admin/index.ts";
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

export function createApp(runtime: GatewayRuntime) {
  const cors = createCorsPolicy(runtime.settings.corsOrigins);
  const maxBodyBytes = runtime.settings.maxBodyBytes;
  return new Elysia({ serve: { maxRequestBodySize: maxBodyBytes + 16 * 1024 * 1024 } })
    .onRequest(({ request, set }) => {
      if (request.method === "OPTIONS") return cors.preflight(request);
      const corsHeaders = cors.headersFor(request);
      if (corsHeaders) Object.assign(set.headers, corsHeaders);
      const length = request.headers.get("content-length");
      if (length !== null && Number(length) > maxBodyBytes) {
        return errorResponse(new PayloadTooLargeError(maxBodyBytes), errorShapeForPath(pathOf(request)), cors.headersFor(request));
      }
    })
    .onError(({ code, error, request }) =>
      errorResponse(toGatewayError({ code, error }, runtime.logger), errorShapeForPath(pathOf(request)), cors.headersFor(request)),
    )
    .use(healthRoutes(runtime))
    .use(openAIRoutes(runtime))
    .use(anthropicRoutes(runtime))
    .use(geminiRoutes(runtime))
    .use(responsesRoutes(runtime))
    .use(adminRoutes(runtime));
}

export type App = ReturnType<typeof createApp>;
