// Boots a gateway: settings → database → runtime → Elysia on Bun.serve. Used by `amrouter` and by tests (port 0).
import { createApp } from "./app.ts";
import { loadSettings, type GatewaySettings, type SettingsOverrides } from "./config/settings.ts";
import { createGatewayRuntime, type GatewayRuntime, type RuntimeOptions } from "./gateway/gateway-runtime.ts";
import { createCredentialCipher } from "./security/credential-encryption.ts";
import { preloadStoredCredentials } from "./security/preload-credentials.ts";
import { openStorage } from "./storage/database.ts";

export type RunningGateway = { url: string; port: number; runtime: GatewayRuntime; settings: GatewaySettings; stop(): Promise<void> };

export async function startGateway(
  overrides: SettingsOverrides = {},
  environment: Record<string, string | undefined> = process.env,
  options: RuntimeOptions = {},
): Promise<RunningGateway> {
  const settings = loadSettings(overrides, environment);
  const cipher = options.cipher ?? createCredentialCipher(settings.apiKeySecret);
  const storage = openStorage(settings.databasePath);
  let runtime: GatewayRuntime;
  try {
    await preloadStoredCredentials(cipher, storage.sqlite);
    runtime = createGatewayRuntime(settings, { ...options, cipher, storage });
  } catch (error) {
    storage.close();
    throw error;
  }
  const app = createApp(runtime);
  // Bun.serve is called here rather than through app.listen, which compiles the app a second time, re-registers
  // every route and forces a garbage collection right after listening: milliseconds before the first request.
  let server: ReturnType<typeof Bun.serve>;
  try {
    app.compile();
    const { maxRequestBodySize } = app.config.serve ?? {};
    server = Bun.serve({ port: settings.port, hostname: settings.host, idleTimeout: 255, maxRequestBodySize, development: false, reusePort: false, fetch: app.fetch });
  } catch (error) {
    runtime.close();
    throw error;
  }
  app.server = server;
  // Binaries start with JavaScriptCore's tier-up thresholds scaled up (--compile-jit-policy in scripts/build.ts), so
  // run-once start-up code is not compiled by the JIT; from here on, serving, the normal policy applies.
  Bun.unsafe.setJITPolicy(1);
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
