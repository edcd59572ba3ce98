// `amrouter healthcheck`: exits 0 when the gateway answers /health (for container health checks; no shell needed).
import { loadSettings, type SettingsOverrides } from "../config/settings.ts";

export async function runHealthcheckCommand(overrides: SettingsOverrides, flags: { url?: string }, print: (line: string) => void = console.log): Promise<number> {
  let url = flags.url;
  if (!url) {
    const settings = loadSettings(overrides);
    const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
    url = `http://${host.includes(":") ? `[${host}]` : host}:${settings.port}`;
  }
  try {
    const response = await fetch(`${url.replace(/\/+$/, "")}/health`, { signal: AbortSignal.timeout(3000) });
    if (response.ok) return 0;
    print(`unhealthy: /health answered ${response.status}`);
  } catch (error) {
    print(`unhealthy: ${(error as Error).message}`);
  }
  return 1;
}
