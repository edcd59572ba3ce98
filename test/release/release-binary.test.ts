// The binary `bun run release` makes for this machine: its checksums and manifest, --version, /health and a proxied
// completion, how fast it serves its first request, a run from a read-only directory with DATA_DIR elsewhere, the
// healthcheck command and the amrouter-reset-password alias.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseChecksums, sha256File } from "../../scripts/release/checksums.ts";
import { parseReleaseManifest } from "../../src/cli/release-manifest.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { mockConfigYaml } from "../support/gateway-fixture.ts";
import { hostReleaseBuild, isRoot, packageVersion, runBinary, removeScratchDirectories, scratchDirectory, type ReleaseBuild } from "./release-support.ts";
import { startBinaryGateway } from "../support/binary-gateway.ts";

let build: ReleaseBuild;
let mock: MockUpstream;

beforeAll(async () => {
  build = await hostReleaseBuild();
  mock = await startMockUpstream();
}, 120_000);

afterAll(async () => {
  await mock?.stop();
  removeScratchDirectories();
});

const baseEnvironment = (data: string): Record<string, string> => ({ PATH: "/usr/bin:/bin", HOME: data, DATA_DIR: data });

async function completion(url: string, content: string): Promise<string> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "mock/gpt-4o-mini", messages: [{ role: "user", content }] }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content;
}

describe("release output", () => {
  test("SHA256SUMS and amrouter-release.json describe the binary", async () => {
    const sums = parseChecksums(readFileSync(join(build.directory, "SHA256SUMS"), "utf8"));
    expect(sums.get(build.file)).toBe(await sha256File(build.binary));
    const manifest = parseReleaseManifest(JSON.parse(readFileSync(join(build.directory, "amrouter-release.json"), "utf8")));
    expect(manifest.version).toBe(packageVersion);
    expect(manifest.assets).toEqual([
      { target: build.target, file: build.file, url: `https://downloads.example.invalid/v${packageVersion}/${build.file}`, sha256: build.sha256, size: expect.any(Number) },
    ]);
    expect(build.file).toBe(`amrouter-${packageVersion}-${build.target}${build.target.startsWith("windows") ? ".exe" : ""}`);
  });
});

describe("release binary", () => {
  test("--version prints the package version", async () => {
    const result = await runBinary([build.binary, "--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(packageVersion);
    console.log(`[release] ${build.file} --version: ${result.milliseconds.toFixed(0)} ms`);
  });

  test("--help documents update, uninstall and the reset-password alias", async () => {
    const result = await runBinary([build.binary, "--help"]);
    for (const word of ["update [--check]", "uninstall [--force]", "amrouter-reset-password", "healthcheck"]) expect(result.stdout).toContain(word);
  });

  test("serves /health and a proxied completion; start to first served request is fast", async () => {
    const data = scratchDirectory();
    writeFileSync(join(data, "amrouter.yaml"), mockConfigYaml(mock.url));
    const timings: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const gateway = await startBinaryGateway([build.binary, "--port", "0", "--headless", "--config", join(data, "amrouter.yaml")], { env: baseEnvironment(data), cwd: data });
      const health = await fetch(`${gateway.url}/health`);
      timings.push(performance.now() - started);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string; version: string }).version).toBe(packageVersion);
      if (run === 0) expect(await completion(gateway.url, "from the release binary")).toBe("Echo: from the release binary");
      expect(await gateway.stop()).toBe(0);
    }
    const [firstBoot, ...warm] = timings;
    // The same measurement of a bare compiled Bun.serve, so the numbers can be read against this machine's speed.
    const bareDirectory = scratchDirectory("amrouter-bare-");
    writeFileSync(join(bareDirectory, "bare.ts"), 'const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });\nconsole.log(`listening on http://127.0.0.1:${server.port}`);\n');
    const bareBuild = Bun.spawnSync([process.execPath, "build", "--compile", "--bytecode", join(bareDirectory, "bare.ts"), "--outfile", join(bareDirectory, "bare")], { stdout: "ignore", stderr: "ignore" });
    const bare: number[] = [];
    if (bareBuild.exitCode === 0) {
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        const server = await startBinaryGateway([join(bareDirectory, "bare")], { env: baseEnvironment(data) });
        await (await fetch(server.url)).text();
        bare.push(performance.now() - started);
        await server.stop();
      }
    }
    console.log(
      `[release] start to first served /health: first boot ${firstBoot!.toFixed(0)} ms (creates DATA_DIR, secrets, database, hashes the initial password), ` +
        `then ${warm.map((value) => value.toFixed(0)).join(" ms, ")} ms` +
        (bare.length ? ` (a bare compiled Bun.serve on this machine: ${Math.min(...bare).toFixed(0)} ms)` : ""),
    );
    // The target is under 50 ms on the development machine; timings on a shared machine vary, so the guard is
    // relative to this machine's bare compiled Bun.serve (8 to 11 ms there, the gateway 35 to 48 ms).
    expect(Math.min(...warm)).toBeLessThan(Math.max(100, 10 * (bare.length ? Math.min(...bare) : 10)));
  }, 60_000);

  test("runs from a read-only directory with DATA_DIR on another volume", async () => {
    const appDirectory = scratchDirectory("amrouter-readonly-");
    const data = scratchDirectory("amrouter-volume-");
    copyFileSync(build.binary, join(appDirectory, "amrouter"));
    chmodSync(join(appDirectory, "amrouter"), 0o555);
    writeFileSync(join(appDirectory, "amrouter.yaml"), mockConfigYaml(mock.url));
    const gatewayCommand = [join(appDirectory, "amrouter"), "--port", "0", "--headless", "--config", join(appDirectory, "amrouter.yaml")];
    let command = gatewayCommand;
    if (isRoot && Bun.which("unshare")) {
      // root ignores permission bits: make the directory a read-only mount in a private mount namespace instead.
      const script = `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && if touch "$1/probe" 2>/dev/null; then echo "still writable"; exit 9; fi; shift; exec "$@"`;
      command = [Bun.which("unshare")!, "-m", "/bin/sh", "-c", script, "sh", appDirectory, ...gatewayCommand];
    } else {
      chmodSync(appDirectory, 0o555);
    }
    const gateway = await startBinaryGateway(command, { env: baseEnvironment(data), cwd: appDirectory });
    try {
      expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
      expect(await completion(gateway.url, "read-only")).toBe("Echo: read-only");
    } finally {
      expect(await gateway.stop()).toBe(0);
      chmodSync(appDirectory, 0o755);
    }
    expect(readdirSync(appDirectory).sort()).toEqual(["amrouter", "amrouter.yaml"]);
    expect(existsSync(join(data, "amrouter.db"))).toBe(true);
    expect(existsSync(join(data, ".env"))).toBe(true);
  }, 60_000);

  test("a .env in the directory it is started from is not read: settings come from the environment and DATA_DIR/.env", async () => {
    const workingDirectory = scratchDirectory("amrouter-cwd-");
    writeFileSync(join(workingDirectory, ".env"), "REQUIRE_API_KEY=true\n");
    const data = scratchDirectory();
    const gateway = await startBinaryGateway([build.binary, "--port", "0", "--headless"], { env: baseEnvironment(data), cwd: workingDirectory });
    try {
      // Had that .env been read, REQUIRE_API_KEY would refuse a request without a key.
      expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  }, 30_000);

  test("healthcheck exits 0 when the gateway answers and 1 when nothing listens", async () => {
    const data = scratchDirectory();
    const gateway = await startBinaryGateway([build.binary, "--port", "0", "--headless"], { env: baseEnvironment(data) });
    const port = new URL(gateway.url).port;
    try {
      const healthy = await runBinary([build.binary, "healthcheck"], { env: { ...baseEnvironment(data), PORT: port, HOST: "0.0.0.0" } });
      expect(healthy.code).toBe(0);
    } finally {
      await gateway.stop();
    }
    const unhealthy = await runBinary([build.binary, "healthcheck"], { env: { ...baseEnvironment(data), PORT: port } });
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.stdout).toContain("unhealthy");
    expect(unhealthy.milliseconds).toBeLessThan(5000);
  }, 30_000);

  test("amrouter-reset-password (a link to the binary) is amrouter reset-password", async () => {
    const directory = scratchDirectory();
    symlinkSync(build.binary, join(directory, "amrouter-reset-password"));
    const data = join(directory, "data");
    const result = await runBinary([join(directory, "amrouter-reset-password"), "--password", "correct-horse-battery"], { env: baseEnvironment(data) });
    expect(result.stdout).toContain("The dashboard password was changed.");
    expect(result.code).toBe(0);
    const generated = await runBinary([join(directory, "amrouter-reset-password")], { env: baseEnvironment(data) });
    expect(generated.stdout).toContain("The dashboard password is now:");
  });
});
