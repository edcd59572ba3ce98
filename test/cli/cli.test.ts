// The `amrouter` command as a user runs it: version, help, keys, providers, doctor, reset-password, and a clear
// message (not a stack) for bad flags and bad config files.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startGatewayFixture, temporaryDirectory } from "../support/gateway-fixture.ts";

const mainPath = join(import.meta.dir, "..", "..", "src", "main.ts");

function run(args: string[], environment: Record<string, string> = {}) {
  const result = Bun.spawnSync([process.execPath, mainPath, ...args], {
    env: { ...process.env, ...environment },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

describe("amrouter CLI", () => {
  test("--version and --help", () => {
    expect(run(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = run(["--help"]);
    expect(help.code).toBe(0);
    for (const word of ["--port", "--config", "doctor", "providers available", "keys create", "reset-password"]) expect(help.stdout).toContain(word);
  }, 20_000);

  test("keys create shows the key once; list shows only a preview; revoke marks it", () => {
    const data = temporaryDirectory();
    const created = run(["keys", "create", "laptop", "--data-dir", data]);
    expect(created.code).toBe(0);
    const key = /amr_[A-Za-z0-9_-]+/.exec(created.stdout)![0];
    const listed = run(["keys", "list", "--data-dir", data]);
    expect(listed.stdout).toContain("laptop");
    expect(listed.stdout).not.toContain(key);
    expect(run(["keys", "create", "laptop", "--data-dir", data]).code).toBe(1);
    expect(run(["keys", "revoke", "laptop", "--data-dir", data]).code).toBe(0);
    const json = JSON.parse(run(["keys", "list", "--json", "--data-dir", data]).stdout) as Array<{ name: string; revokedAt: number | null }>;
    expect(json[0]!.revokedAt).not.toBeNull();
    expect(run(["keys", "revoke", "nobody", "--data-dir", data]).code).toBe(1);
  }, 20_000);

  test("providers available lists the catalog and filters by --search", () => {
    const all = JSON.parse(run(["providers", "available", "--json"]).stdout) as Array<{ id: string }>;
    expect(all.map((provider) => provider.id)).toContain("openai");
    const searched = JSON.parse(run(["providers", "available", "--json", "--search", "OpenAI"]).stdout) as Array<Record<string, unknown>>;
    expect(searched.map((provider) => provider.id)).toContain("openai");
    for (const provider of searched) {
      expect([provider.id, provider.name, provider.category, provider.family].join(" ").toLowerCase()).toContain("openai");
    }
    const none = JSON.parse(run(["providers", "available", "--json", "--search", "no-such-provider-anywhere"]).stdout) as unknown[];
    expect(none).toEqual([]);
  }, 20_000);

  test("doctor --json reports every check", () => {
    const data = temporaryDirectory();
    const result = run(["doctor", "--json", "--data-dir", data, "--port", "0"]);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean }> };
    expect(report.checks.map((check) => check.name)).toEqual(["settings", "secrets", "data directory", "database", "config file", "port"]);
    expect(report.ok).toBe(true);
    expect(result.code).toBe(0);
  }, 20_000);

  test("a bad config file is refused at boot with the file and the field, and no stack trace", () => {
    const data = temporaryDirectory();
    const config = join(data, "bad.yaml");
    writeFileSync(config, "connections:\n  - name: x\n    provider: openai\n    priority: high\n");
    const result = run(["--config", config, "--data-dir", data, "--port", "0", "--headless"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(config);
    expect(result.stderr).toContain("/connections/0/priority");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const doctor = run(["doctor", "--config", config, "--data-dir", data, "--port", "0"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain("/connections/0/priority");
  }, 20_000);

  test("unknown flags and commands exit 2 with a message", () => {
    const flag = run(["--bogus"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--bogus");
    expect(run(["frobnicate"]).code).toBe(2);
  }, 20_000);

  test("reset-password sets a password that verifies", async () => {
    const data = temporaryDirectory();
    expect(run(["reset-password", "--password", "a-new-password", "--data-dir", data]).code).toBe(0);
    const { openStorage } = await import("../../src/storage/database.ts");
    const { verifyAdminPassword } = await import("../../src/security/admin-password.ts");
    const storage = openStorage(join(data, "amrouter.db"));
    expect(await verifyAdminPassword(storage, "a-new-password")).toBe(true);
    storage.close();
    expect(run(["reset-password", "--password", "short", "--data-dir", data]).code).toBe(2);
  }, 20_000);

  test("a second gateway on a port one is already serving exits 1 with a clear message, instead of sharing the port", async () => {
    const first = await startGatewayFixture();
    try {
      const second = run(["--port", String(first.gateway.port), "--headless", "--data-dir", temporaryDirectory()]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("the port is already in use");
      expect(second.stderr).not.toContain("    at ");
      expect((await fetch(`${first.gateway.url}/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  }, 20_000);
});
