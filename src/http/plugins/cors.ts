// CORS for browser clients: loopback origins are always allowed, others only when listed in CORS_ORIGINS
// ("*" allows any). Preflights are answered here and never reach a route.
const loopbackOrigin = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

const allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const defaultAllowedHeaders =
  "authorization, content-type, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta, openai-beta, x-stainless-arch, x-stainless-lang, x-stainless-os, x-stainless-package-version, x-stainless-retry-count, x-stainless-runtime, x-stainless-runtime-version, x-stainless-timeout, x-stainless-helper-method, x-amrouter-cache";

export function createCorsPolicy(configuredOrigins: string[]) {
  const anyOrigin = configuredOrigins.includes("*");
  const listed = new Set(configuredOrigins);
  const isAllowed = (origin: string) => anyOrigin || listed.has(origin) || loopbackOrigin.test(origin);

  return {
    /** Headers to add to a response for this request, or undefined when the origin is not allowed. */
    headersFor(request: Request): Record<string, string> | undefined {
      const origin = request.headers.get("origin");
      if (!origin || !isAllowed(origin)) return undefined;
      return {
        "access-control-allow-origin": origin,
        vary: "Origin",
        "access-control-expose-headers": "x-amrouter-route, x-amrouter-attempts, x-amrouter-strategy, x-amrouter-request-id, x-request-id, retry-after",
      };
    },
    preflight(request: Request): Response {
      const origin = request.headers.get("origin");
      if (!origin || !isAllowed(origin)) return new Response(null, { status: 403 });
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": origin,
          "access-control-allow-methods": allowedMethods,
          "access-control-allow-headers": request.headers.get("access-control-request-headers") ?? defaultAllowedHeaders,
          "access-control-max-age": "86400",
          vary: "Origin",
        },
      });
    },
  };
}
