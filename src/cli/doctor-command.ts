// `amrouter doctor`: checks what most often stops a gateway from starting or serving, and says how to fix it.
import { accessSync, constants } from "node:fs";
import { embeddedCatalog } from "../catalog/catalog.ts";
import { readConfigFile } from "../config/config-file.ts";
import { loadSettings, type SettingsOverrides } from "../config/settings.ts";
import { checkIntegrity, openStorage } from "../storage/database.ts";

type Check = { name: string; ok: boolean; detail: string };

async function portIsFree(host: string, port: number): Promise<boolean> {
  try {
    const server = Bun.listen({ hostname: host, port, socket: { data() {} } });
    server.stop(true);
    return true;
  } catch {
    return false;
  }
}

export async function runDoctorCommand(overrides: SettingsOverrides, flags: { json?: boolean }, print: (line: string) => void = console.log): Promise<number> {
  const checks: Check[] = [];
  const add = (name: string, run: () => string) => {
    try {
      checks.push({ name, ok: true, detail: run() });
    } catch (error) {
      checks.push({ name, ok: false, detail: (error as Error).message });
    }
  };

  let settings: ReturnType<typeof loadSettings> | undefined;
  add("settings", () => {
    settings = loadSettings(overrides);
    return `port ${settings.port}, host ${settings.host}, log level ${settings.logLevel}`;
  });
  if (settings) {
    const current = settings;
    add("secrets", () => "JWT_SECRET and API_KEY_SECRET present (from the environment or DATA_DIR/.env)");
    add("data directory", () => {
      accessSync(current.dataDirectory, constants.W_OK);
      return `${current.dataDirectory} is writable`;
    });
    add("database", () => {
      const storage = openStorage(current.databasePath);
      try {
        const result = checkIntegrity(storage.sqlite);
        if (result !== "ok") throw new Error(`integrity check failed: ${result}`);
        return `${current.databasePath}: integrity ok`;
      } finally {
        storage.close();
      }
    });
    add("config file", () => {
      if (!current.configFile) return "none (set --config or AMROUTER_CONFIG to declare connections)";
      const config = readConfigFile(current.configFile, embeddedCatalog());
      return `${current.configFile}: ${config.connections?.length ?? 0} connections, ${config.combos?.length ?? 0} combos, ${config.apiKeys?.length ?? 0} keys`;
    });
    const free = await portIsFree(current.host, current.port);
    checks.push({ name: "port", ok: free, detail: free ? `${current.host}:${current.port} is free` : `${current.host}:${current.port} is in use (another gateway running? pick --port)` });
  }

  const ok = checks.every((check) => check.ok);
  if (flags.json) print(JSON.stringify({ ok, checks }));
  else {
    for (const check of checks) print(`${check.ok ? "ok  " : "FAIL"}  ${check.name}: ${check.detail}`);
    print(ok ? "\nAll checks passed." : "\nSome checks failed.");
  }
  return ok ? 0 : 1;
}
