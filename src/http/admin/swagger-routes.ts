// /swagger (Swagger UI) and /swagger/json (the OpenAPI document built from every route's TypeBox schema). The
// @elysiajs/swagger plugin costs tens of milliseconds to load, so it is imported on the first visit, not at boot,
// and reads the routes of the whole app through the composing plugin.
import { Elysia } from "elysia";
import { version } from "../../version.ts";

export type RouteSource = { getGlobalRoutes(): unknown; getGlobalDefinitions?(): unknown };
type DocumentationApp = { handle(request: Request): Promise<Response> } & RouteSource;

const documentation = {
  info: {
    title: "AmRouter admin API",
    version,
    description:
      "Everything the dashboard does. Authenticate with the dashboard session cookie (state changes also need the header `x-amrouter-csrf: 1`) or an admin API key as `Authorization: Bearer amr_...` (amrouter keys create NAME --admin).",
  },
  components: { securitySchemes: { adminKey: { type: "http" as const, scheme: "bearer" }, session: { type: "apiKey" as const, in: "cookie" as const, name: "amrouter_session" } } },
  security: [{ adminKey: [] }, { session: [] }] as Array<Record<string, string[]>>,
};

export function swaggerRoutes(routes: () => RouteSource) {
  let documentationApp: Promise<DocumentationApp> | undefined;
  const load = () =>
    (documentationApp ??= import("@elysiajs/swagger").then(({ swagger }) => {
      const app = swagger({ provider: "swagger-ui", documentation, exclude: [/^\/swagger/], excludeStaticFile: true }) as unknown as DocumentationApp;
      app.getGlobalRoutes = () => routes().getGlobalRoutes();
      app.getGlobalDefinitions = () => routes().getGlobalDefinitions?.();
      return app;
    }));
  const serve = async ({ request }: { request: Request }) => (await load()).handle(request);
  return new Elysia({ name: "admin-swagger" })
    .get("/swagger", serve, { detail: { hide: true } })
    .get("/swagger/json", serve, { detail: { hide: true } });
}
