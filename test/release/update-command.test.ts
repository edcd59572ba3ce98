// `amrouter update` run by the release binary against a local release-manifest server: a good checksum replaces the
// binary atomically and the new one runs; a bad checksum, a wrong version, a stalled download or an unreachable
// server leave the old binary as it was, with a clear message and a non-zero exit within seconds.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Server, TCPSocketListener } from "bun";
import { sha256File } from "../../scripts/release/checksums.ts";
import {
  compareVersions,
  defaultUpdateUrl,
  parseReleaseManifest,
  releaseBaseUrl,
  ReleaseManifestError,
  type ReleaseManifest,
} from "../../src/cli/release-manifest.ts";
import { runUpdateCommand } from "../../src/cli/update-command.ts";
import { hostReleaseBuild, packageVersion, root, runBinary, removeScratchDirectories, scratchDirectory, type ReleaseBuild } from "./release-support.ts";

let build: ReleaseBuild;
let server: Server<undefined>;
let silent: TCPSocketListener<undefined>;
let closedPort = 0;
let newBinary: Uint8Array<ArrayBuffer>;
let newSha256 = "";
const newVersion = "99.0.0";

function manifest(overrides: Partial<ReleaseManifest> & { sha256?: string; url?: string; target?: string } = {}): ReleaseManifest {
  const { sha256, url, target, ...rest } = overrides;
  return {
    schemaVersion: 1,
    name: "amrouter",
    version: newVersion,
    publishedAt: "2030-01-01T00:00:00.000Z",
    assets: [{ target: target ?? build.target, file: `amrouter-${newVersion}-${build.target}`, url: url ?? "../files/new-binary", sha256: sha256 ?? newSha256, size: newBinary.byteLength }],
    ...rest,
  };
}

beforeAll(async () => {
  build = await hostReleaseBuild();
  // The "next release": a compiled stand-in that reports version 99.0.0.
  const work = scratchDirectory();
  writeFileSync(join(work, "next.ts"), `console.log(process.argv.includes("--version") ? "${newVersion}" : "next release");\n`);
  const compiled = Bun.spawnSync([process.execPath, "build", "--compile", join(work, "next.ts"), "--outfile", join(work, "next")], { stdout: "pipe", stderr: "pipe" });
  if (compiled.exitCode !== 0) throw new Error(compiled.stderr.toString());
  newBinary = new Uint8Array(readFileSync(join(work, "next")));
  newSha256 = await sha256File(join(work, "next"));

  const manifests: Record<string, () => ReleaseManifest> = {
    good: () => manifest(),
    absolute: () => manifest({ url: `${server.url.origin}/files/new-binary` }),
    bad: () => manifest({ sha256: "0".repeat(64) }),
    current: () => manifest({ version: packageVersion }),
    mismatch: () => manifest({ version: "98.0.0" }),
    "other-target": () => manifest({ target: "plan9-x64" }),
    stall: () => manifest({ url: "/files/stall" }),
  };
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      const [, group, name] = path.split("/");
      if (name === "amrouter-release.json" && group && manifests[group]) return Response.json(manifests[group]!());
      if (path === "/files/new-binary") return new Response(newBinary, { headers: { "content-type": "application/octet-stream" } });
      if (path === "/files/stall") {
        // Half the file, then nothing: the download must give up, not wait forever.
        const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(newBinary.subarray(0, 1 << 20)) });
        return new Response(body, { headers: { "content-length": String(newBinary.byteLength) } });
      }
      if (path === "/garbage/amrouter-release.json") return new Response("<html>not a manifest</html>");
      return new Response("not found", { status: 404 });
    },
  });
  // Accepts connections and never answers.
  silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  closedPort = closed.port;
  closed.stop(true);
}, 120_000);

afterAll(() => {
  server?.stop(true);
  silent?.stop(true);
  removeScratchDirectories();
});

/** A fresh install of the release binary; returns its path. */
function install(): string {
  const directory = scratchDirectory("amrouter-install-");
  const path = join(directory, "amrouter");
  copyFileSync(build.binary, path);
  chmodSync(path, 0o755);
  return path;
}

const environment = (extra: Record<string, string> = {}) => ({ PATH: "/usr/bin:/bin", HOME: "/nonexistent", ...extra });
const manifestUrl = (group: string) => `${server.url.origin}/${group}/amrouter-release.json`;

async function expectUnchanged(path: string, inode: number) {
  expect(statSync(path).ino).toBe(inode);
  expect(await sha256File(path)).toBe(build.sha256);
  expect(readdirSync(join(path, "..")).sort()).toEqual(["amrouter"]);
}

describe("amrouter update (release binary)", () => {
  test("a verified download replaces the binary with one rename, and the new binary runs", async () => {
    const path = install();
    const inode = statSync(path).ino;
    const result = await runBinary([path, "update", "--url", manifestUrl("good")], { env: environment() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${packageVersion} -> ${newVersion}`);
    expect(statSync(path).ino).not.toBe(inode);
    expect(statSync(path).mode & 0o777).toBe(0o755);
    expect(await sha256File(path)).toBe(newSha256);
    expect(readdirSync(join(path, "..")).sort()).toEqual(["amrouter"]);
    expect((await runBinary([path, "--version"])).stdout.trim()).toBe(newVersion);
    console.log(`[release] update with download and verification: ${result.milliseconds.toFixed(0)} ms`);
  });

  test("AMROUTER_UPDATE_URL and absolute asset URLs work too", async () => {
    const path = install();
    const result = await runBinary([path, "update"], { env: environment({ AMROUTER_UPDATE_URL: manifestUrl("absolute") }) });
    expect(result.code).toBe(0);
    expect(await sha256File(path)).toBe(newSha256);
  });

  test("a checksum mismatch is refused and the old binary stays", async () => {
    const path = install();
    const inode = statSync(path).ino;
    const result = await runBinary([path, "update", "--url", manifestUrl("bad")], { env: environment() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("checksum mismatch");
    expect(result.stderr).toContain("unchanged");
    await expectUnchanged(path, inode);
  });

  test("a binary that does not report the announced version is refused", async () => {
    const path = install();
    const inode = statSync(path).ino;
    const result = await runBinary([path, "update", "--url", manifestUrl("mismatch")], { env: environment() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`reports version "${newVersion}", not 98.0.0`);
    await expectUnchanged(path, inode);
  });

  test("a stalled download gives up and leaves nothing behind", async () => {
    const path = install();
    const inode = statSync(path).ino;
    const result = await runBinary([path, "update", "--url", manifestUrl("stall")], { env: environment({ AMROUTER_UPDATE_IDLE_TIMEOUT_MS: "1000" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no data for 1.0 s");
    expect(result.milliseconds).toBeLessThan(5000);
    await expectUnchanged(path, inode);
  });

  test("already up to date: nothing to do; --check only reports", async () => {
    const path = install();
    const inode = statSync(path).ino;
    const current = await runBinary([path, "update", "--url", manifestUrl("current")], { env: environment() });
    expect(current.code).toBe(0);
    expect(current.stdout).toContain(`AmRouter ${packageVersion} is up to date`);
    const check = await runBinary([path, "update", "--check", "--url", manifestUrl("good")], { env: environment() });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`AmRouter ${newVersion} is available`);
    await expectUnchanged(path, inode);
  });

  test("a release without this platform's binary, a 404 and a page that is not a manifest are clear errors", async () => {
    const path = install();
    const inode = statSync(path).ino;
    const other = await runBinary([path, "update", "--url", manifestUrl("other-target")], { env: environment() });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`has no binary for ${build.target}`);
    const missing = await runBinary([path, "update", "--url", manifestUrl("missing")], { env: environment() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("answered HTTP 404");
    const garbage = await runBinary([path, "update", "--url", manifestUrl("garbage")], { env: environment() });
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain("is not a JSON release manifest");
    await expectUnchanged(path, inode);
  });

  test("unreachable: a closed port and a server that never answers fail within 5 s", async () => {
    const path = install();
    const inode = statSync(path).ino;
    const refused = await runBinary([path, "update", "--url", `http://127.0.0.1:${closedPort}/amrouter-release.json`], { env: environment() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("cannot reach the release manifest");
    expect(refused.milliseconds).toBeLessThan(5000);
    const hanging = await runBinary([path, "update", "--url", `http://127.0.0.1:${silent.port}/amrouter-release.json`], { env: environment(), timeoutMs: 15_000 });
    expect(hanging.code).toBe(1);
    expect(hanging.stderr).toContain("no answer within 3.0 s");
    expect(hanging.milliseconds).toBeLessThan(5000);
    console.log(`[release] update, connection refused: ${refused.milliseconds.toFixed(0)} ms; server that never answers: ${hanging.milliseconds.toFixed(0)} ms`);
    await expectUnchanged(path, inode);
  }, 20_000);

  test("run from source (bun src/main.ts), update refuses to replace the bun executable", async () => {
    const result = await runBinary([process.execPath, join(root, "src", "main.ts"), "update", "--url", manifestUrl("good")], { env: environment() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("runs from source");
  });
});

describe("amrouter update (in process)", () => {
  test("a Homebrew or scoop install is left to its package manager", async () => {
    for (const [path, hint] of [
      ["/opt/homebrew/Cellar/amrouter/0.1.0/bin/amrouter", "brew upgrade amrouter"],
      ["C:\\Users\\me\\scoop\\apps\\amrouter\\current\\amrouter.exe", "scoop update amrouter"],
    ] as const) {
      const errors: string[] = [];
      const code = await runUpdateCommand(
        { url: manifestUrl("good") },
        { executablePath: path, target: build.target, currentVersion: packageVersion, print: () => {}, printError: (line) => errors.push(line) },
      );
      expect(code).toBe(1);
      expect(errors.join("\n")).toContain(hint);
    }
  });

  test("a manifest URL that is not http(s) is refused before any request", async () => {
    const errors: string[] = [];
    expect(await runUpdateCommand({ url: "file:///etc/passwd" }, { executablePath: "/nonexistent/amrouter", target: build.target, print: () => {}, printError: (line) => errors.push(line) })).toBe(1);
    expect(errors.join("\n")).toContain("must be http:// or https://");
  });
});

describe("release manifest", () => {
  test("parseReleaseManifest names every bad field", () => {
    expect(() => parseReleaseManifest({ schemaVersion: 1, name: "amrouter", version: "1.x", publishedAt: 1, assets: [{ target: "", file: "a/b", url: "", sha256: "ABC", size: 0 }] })).toThrow(
      ReleaseManifestError,
    );
    try {
      parseReleaseManifest({ schemaVersion: 1, name: "amrouter", version: "1.x", publishedAt: "now", assets: [{ target: "linux-x64", file: "a/b", url: "x", sha256: "ABC", size: 1 }] });
    } catch (error) {
      const message = (error as Error).message;
      for (const path of ["/version", "/assets/0/file", "/assets/0/sha256"]) expect(message).toContain(path);
      expect(message).not.toContain("/assets/0/url");
    }
    expect(() => parseReleaseManifest([])).toThrow("not a JSON object");
  });

  test("versions compare as semver", () => {
    expect(compareVersions("0.2.0", "0.1.9")).toBe(1);
    expect(compareVersions("0.10.0", "0.9.0")).toBe(1);
    expect(compareVersions("1.0.0-rc.1", "1.0.0")).toBe(-1);
    expect(compareVersions("1.0.0-rc.2", "1.0.0-rc.10")).toBe(-1);
    expect(compareVersions("v1.2.3", "1.2.3")).toBe(0);
    expect(compareVersions("1.2.3+build", "1.2.3")).toBe(0);
  });

  test("the download and manifest URLs are configurable", () => {
    expect(releaseBaseUrl("1.2.3", {})).toBe("https://github.com/amrouter/amrouter/releases/download/v1.2.3");
    expect(releaseBaseUrl("1.2.3", { AMROUTER_RELEASE_BASE_URL: "https://dl.example.com/amrouter/{version}/" })).toBe("https://dl.example.com/amrouter/1.2.3");
    expect(defaultUpdateUrl({})).toBe("https://github.com/amrouter/amrouter/releases/latest/download/amrouter-release.json");
    expect(defaultUpdateUrl({ AMROUTER_UPDATE_URL: "http://127.0.0.1:1/m.json" })).toBe("http://127.0.0.1:1/m.json");
  });
});
