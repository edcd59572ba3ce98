// /api/settings: log level, body capture, retention, cache and default limits, stored in the database so they
// survive restarts and other parts of the gateway read them (see gateway-settings-store.ts for the keys).
import { t } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { adminPlugin } from "./admin-plugin.ts";
import { defaultGatewaySettings, GatewaySettingsSchema, readGatewaySettings, writeGatewaySettings } from "./gateway-settings-store.ts";

export function settingsRoutes(runtime: GatewayRuntime) {
  const current = () =>
    readGatewaySettings(runtime.storage, {
      ...defaultGatewaySettings(runtime.settings.logLevel),
      cacheEnabled: runtime.settings.cacheEnabled,
      cacheTtlSeconds: runtime.settings.cacheTtlSeconds,
    });
  return adminPlugin(runtime, "admin-settings")
    .get("/api/settings", () => current(), {
      response: GatewaySettingsSchema,
      detail: { tags: ["Settings"], summary: "Current settings (stored values, else defaults)" },
    })
    .put(
      "/api/settings",
      ({ body }) => {
        writeGatewaySettings(runtime.storage, body);
        runtime.reload();
        runtime.logger.info("settings changed from the admin API", { fields: Object.keys(body) });
        return current();
      },
      {
        body: t.Partial(GatewaySettingsSchema, { additionalProperties: false }),
        response: GatewaySettingsSchema,
        detail: { tags: ["Settings"], summary: "Change some or all settings" },
      },
    );
}
