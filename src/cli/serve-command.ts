// `amrouter` with no command: start the gateway, print where it is and how to get a key, open the browser when
// someone is at a terminal, and shut down cleanly on SIGINT/SIGTERM.
import type { SettingsOverrides } from "../config/settings.ts";
import { startGateway } from "../start-gateway.ts";
import { version } from "../version.ts";

export type ServeFlags = { open: boolean; headless: boolean };

function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : ["xdg-open", url];
  try {
    Bun.spawn(command, { stdout: "ignore", stderr: "ignore", stdin: "ignore" }).unref();
  } catch {
    // No opener on this system: the URL is printed anyway.
  }
}

export async function runServeCommand(overrides: SettingsOverrides, flags: ServeFlags): Promise<void> {
  const gateway = await startGateway(overrides);
  const { settings, runtime } = gateway;
  const lines = [
    `AmRouter ${version} listening on ${gateway.url}`,
    `  OpenAI base URL:     ${gateway.url}/v1`,
    `  Data directory:      ${settings.dataDirectory}`,
    `  Connections:         ${runtime.connections.all().length}${settings.configFile ? ` (config ${settings.configFile})` : ""}`,
  ];
  if (runtime.connections.all().length === 0) {
    lines.push(`  No connections yet: add one in the dashboard (${gateway.url}), with \`amrouter setup\`, or in a config file (--config FILE).`);
  }
  if (runtime.adminPasswordSeeded) lines.push(`  Initial dashboard password (shown once, also in ${settings.dataDirectory}/.env): ${settings.initialPassword}`);
  for (const { name, key } of runtime.generatedKeys) lines.push(`  New API key "${name}" (shown once): ${key}`);
  if (settings.requireApiKey) {
    lines.push(`  API keys are required (REQUIRE_API_KEY). Create one: amrouter keys create my-app`);
  } else {
    lines.push(`  API keys are not required. Create one anyway with: amrouter keys create my-app`);
    const loopback = /^(127\.|localhost$|::1$)/.test(settings.host);
    lines.push(
      loopback
        ? `  Listening on loopback only, so only this machine can connect. Set REQUIRE_API_KEY=true before exposing it.`
        : `  WARNING: listening on ${settings.host} without REQUIRE_API_KEY: anyone who can reach this port can use your providers.`,
    );
  }
  console.log(lines.join("\n"));
  if (flags.open && !flags.headless && process.stdout.isTTY) openBrowser(gateway.url);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info(`${signal} received, shutting down`);
    await gateway.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
