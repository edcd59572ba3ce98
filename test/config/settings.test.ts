// First boot writes strong secrets to DATA_DIR/.env (mode 0600); later boots reuse them; the environment wins.
import { describe, expect, test } from "bun:test";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSettings } from "../../src/config/settings.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

describe("settings", () => {
  test("first boot creates .env with strong secrets and mode 0600; the next boot keeps them", () => {
    const directory = temporaryDirectory();
    const first = loadSettings({}, { DATA_DIR: directory });
    const path = join(directory, ".env");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(48);
    expect(first.apiKeySecret.length).toBeGreaterThanOrEqual(48);
    expect(first.jwtSecret).not.toBe(first.apiKeySecret);
    expect(first.initialPassword.length).toBeGreaterThanOrEqual(12);
    const second = loadSettings({}, { DATA_DIR: directory });
    expect(second.apiKeySecret).toBe(first.apiKeySecret);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(path, "utf8").match(/API_KEY_SECRET=/g)).toHaveLength(1);
  });

  test("defaults, then DATA_DIR/.env, then the environment", () => {
    const directory = temporaryDirectory();
    const defaults = loadSettings({}, { DATA_DIR: directory });
    expect(defaults.port).toBe(20128);
    expect(defaults.host).toBe("127.0.0.1");
    expect(defaults.requireApiKey).toBe(false);
    expect(defaults.logLevel).toBe("info");
    writeFileSync(join(directory, ".env"), readFileSync(join(directory, ".env"), "utf8") + "PORT=3000\nAPP_LOG_LEVEL=warn\n");
    expect(loadSettings({}, { DATA_DIR: directory }).port).toBe(3000);
    const fromEnvironment = loadSettings({}, { DATA_DIR: directory, PORT: "4000", REQUIRE_API_KEY: "true" });
    expect(fromEnvironment.port).toBe(4000);
    expect(fromEnvironment.requireApiKey).toBe(true);
    expect(fromEnvironment.logLevel).toBe("warn");
  });

  test("bad values are refused with the variable's name", () => {
    const directory = temporaryDirectory();
    expect(() => loadSettings({}, { DATA_DIR: directory, PORT: "http" })).toThrow("PORT");
    expect(() => loadSettings({}, { DATA_DIR: directory, APP_LOG_LEVEL: "loud" })).toThrow("APP_LOG_LEVEL");
    expect(() => loadSettings({}, { DATA_DIR: directory, REQUIRE_API_KEY: "maybe" })).toThrow("REQUIRE_API_KEY");
    expect(() => loadSettings({}, { DATA_DIR: directory, JWT_SECRET: "short" })).toThrow("JWT_SECRET");
  });
});
