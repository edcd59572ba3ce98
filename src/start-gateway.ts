// Boots a gateway: settings → runtime → Elysia on Bun.serve. Used by `amrouter` and by tests (port 0).
import { createApp } from "./app.ts";
import { loadSettings, type GatewaySettings, type SettingsOverrides } from "./config/settings.ts";
import { createGatewayRuntime, type GatewayRuntime, type RuntimeOptions } from "./gateway/gateway-runtime.ts";
import { createCredentialCipher } from "./security/credential-encryption.ts";
import { preloadStoredCredentials } from "./security/preload-credentials.ts";

export type RunningGateway = { url: string; port: number; runtime: GatewayRuntime; settings: GatewaySettings; stop(): Promise<void> };

export async function startGateway(
  overrides: SettingsOverrides = {},
  environment: Record<string, string | undefined> = process.env,
  options: RuntimeOptions = {},
): Promise<RunningGateway> {
  const settings = loadSettings(overrides, environment);
  const cipher = options.cipher ?? createCredentialCipher(settings.apiKeySecret);
  await preloadStoredCredentials(cipher, settings.databasePath);
  const runtime = createGatewayRuntime(settings, { ...options, cipher });
  const app = createApp(runtime);
  try {
    app.listen({ port: settings.port, hostname: settings.host, idleTimeout: 255 });
  } catch (error) {
    runtime.close();
    throw error;
  }
  const server = app.server!;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${server.port}`,
    port: server.port!,
    runtime,
    settings,
    async stop() {
      await app.stop(true);
      runtime.close();
    },
  };
}
