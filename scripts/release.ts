// `bun run release [--targets linux-x64,darwin-arm64,…] [--out DIR] [--base-url URL] [--cache DIR]`
//
// Builds one self-contained executable per target into dist/release/ (amrouter-<version>-<target>[.exe]: the
// gateway, the provider catalog and the migrations, compiled to bytecode for a fast start), then writes from their
// checksums: SHA256SUMS, the release manifest `amrouter update` reads (amrouter-release.json), the Homebrew formula
// (Formula/amrouter.rb) and the scoop manifest (bucket/amrouter.json).
//
// Cross-compiling needs the Bun runtime of each target. It is taken from the npm registry (`npm pack
// @oven/bun-<target>@<this bun's version>`) into a cache (AMROUTER_RELEASE_CACHE, default ~/.cache/amrouter/
// bun-runtimes) and handed to `bun build --compile-executable-path`, so nothing is downloaded from GitHub. The host's
// own target is built with the running bun. The macOS binaries get an ad-hoc code signature over the final file
// (scripts/release/macho-signature.ts). Download URLs: AMROUTER_RELEASE_BASE_URL or --base-url (`{version}` is
// replaced; default the project's GitHub release for this version).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import packageJson from "../package.json" with { type: "json" };
import {
  checksumsName,
  currentReleaseTarget,
  findReleaseTarget,
  releaseAssetName,
  releaseBaseUrl,
  releaseManifestName,
  releaseRepositoryUrl,
  releaseTargets,
  type ReleaseAsset,
  type ReleaseManifest,
  type ReleaseTarget,
} from "../src/cli/release-manifest.ts";
import { defaultRuntimeCache, ensureBunRuntime } from "./release/bun-runtime.ts";
import { formatChecksums, sha256File } from "./release/checksums.ts";
import { ensureAdhocSignature } from "./release/macho-signature.ts";
import { homebrewFormula, scoopManifest } from "./release/package-managers.ts";

const root = resolve(import.meta.dir, "..");

export type BuiltTarget = { target: ReleaseTarget; file: string; path: string; sha256: string; size: number; seconds: number };
export type FailedTarget = { target: ReleaseTarget; reason: string };

/** `bun build --compile` of the gateway for one target, with the runtime given (cross) or the running bun (host). */
export function compileTarget(target: ReleaseTarget, outfile: string, runtime: string | undefined, options: { bytecode?: boolean } = {}): void {
  const command = [process.execPath, "build", "--compile", "--minify", join(root, "src", "main.ts"), "--outfile", outfile, "--target", target.bunTarget];
  if (runtime) command.push("--compile-executable-path", runtime);
  // Bytecode skips parsing at start-up (about 90 ms to 20 ms for `--version`); it needs the ESM output format.
  if (options.bytecode !== false) command.push("--bytecode", "--format=esm");
  // Split chunks: a start loads only the gateway's code; the admin API, the other commands and drizzle are chunks
  // of their own, loaded on first use (`--version` 16 → 12 ms, start to first request about 5 ms less).
  command.push("--splitting");
  // JIT tier-up thresholds ×10 until the gateway listens (start-gateway.ts resets them): start-up code that runs
  // once stays interpreted, about 8 ms less start time and 4 MB less idle memory.
  command.push("--compile-jit-policy=10");
  // A release binary ignores .env and bunfig.toml in whatever directory it is started from: settings come from the
  // environment and DATA_DIR/.env only, and a stray bunfig.toml cannot preload code into it.
  command.push("--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig");
  command.push("--define", `AMROUTER_RELEASE_TARGET=${JSON.stringify(target.id)}`);
  if (process.platform === "win32" && target.os === "windows") {
    command.push("--windows-title", "AmRouter", "--windows-description", packageJson.description, "--windows-version", `${packageJson.version.split("-")[0]}.0`);
  }
  const build = Bun.spawnSync(command, { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) {
    throw new Error(`bun build failed (exit ${build.exitCode}):\n${`${build.stderr.toString()}${build.stdout.toString()}`.trim().split("\n").slice(-8).join("\n")}`);
  }
}

export type ReleaseOptions = {
  targets: ReleaseTarget[];
  outDirectory: string;
  baseUrl: string;
  cacheDirectory: string;
  bytecode?: boolean;
  log?: (line: string) => void;
};

export type ReleaseResult = { built: BuiltTarget[]; failed: FailedTarget[]; manifest: ReleaseManifest; files: string[] };

export async function buildRelease(options: ReleaseOptions): Promise<ReleaseResult> {
  const log = options.log ?? console.log;
  const version = packageJson.version;
  const bunVersion = Bun.version;
  const host = currentReleaseTarget();
  mkdirSync(options.outDirectory, { recursive: true });
  // Only what an earlier run wrote is removed: the directory may be shared.
  for (const name of readdirSync(options.outDirectory)) {
    if (/^amrouter-.*$/.test(name) || name === checksumsName || name === releaseManifestName) rmSync(join(options.outDirectory, name), { force: true });
  }
  rmSync(join(options.outDirectory, "Formula", "amrouter.rb"), { force: true });
  rmSync(join(options.outDirectory, "bucket", "amrouter.json"), { force: true });

  const built: BuiltTarget[] = [];
  const failed: FailedTarget[] = [];
  for (const target of options.targets) {
    const started = performance.now();
    const file = releaseAssetName(version, target);
    const path = join(options.outDirectory, file);
    log(`${target.id}: building ${file}`);
    try {
      const runtime = target.id === host ? process.execPath : ensureBunRuntime(target, { bunVersion, cacheDirectory: options.cacheDirectory, log });
      compileTarget(target, path, runtime, { bytecode: options.bytecode });
      if (target.os === "darwin") log(`${target.id}: code signature ${ensureAdhocSignature(path) === "valid" ? "valid (signed by bun build)" : "re-signed ad hoc"}`);
      const seconds = (performance.now() - started) / 1000;
      const entry = { target, file, path, sha256: await sha256File(path), size: statSync(path).size, seconds };
      built.push(entry);
      log(`${target.id}: ${(entry.size / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
    } catch (error) {
      failed.push({ target, reason: (error as Error).message });
      log(`${target.id}: FAILED: ${(error as Error).message}`);
    }
  }

  const assets: ReleaseAsset[] = built.map((entry) => ({ target: entry.target.id, file: entry.file, url: `${options.baseUrl}/${entry.file}`, sha256: entry.sha256, size: entry.size }));
  const manifest: ReleaseManifest = { schemaVersion: 1, name: "amrouter", version, publishedAt: new Date().toISOString(), assets };
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(options.outDirectory, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
    files.push(path);
  };
  write(checksumsName, formatChecksums(built));
  write(releaseManifestName, `${JSON.stringify(manifest, null, 2)}\n`);
  const packageInput = {
    version,
    description: packageJson.description,
    homepage: releaseRepositoryUrl,
    license: (packageJson as { license?: string }).license,
    baseUrl: options.baseUrl,
    assets,
  };
  if (assets.some((asset) => asset.target.startsWith("darwin-") || asset.target === "linux-x64" || asset.target === "linux-arm64")) {
    write(join("Formula", "amrouter.rb"), homebrewFormula(packageInput));
  }
  const scoop = scoopManifest(packageInput);
  if (scoop) write(join("bucket", "amrouter.json"), `${JSON.stringify(scoop, null, 2)}\n`);
  return { built, failed, manifest, files };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      targets: { type: "string" },
      out: { type: "string" },
      "base-url": { type: "string" },
      cache: { type: "string" },
      "no-bytecode": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(`usage: bun run release [--targets ${releaseTargets.map((target) => target.id).join(",")}] [--out DIR] [--base-url URL] [--cache DIR] [--no-bytecode]`);
    process.exit(0);
  }
  const requested = values.targets ? values.targets.split(",").map((id) => id.trim()).filter(Boolean) : releaseTargets.map((target) => target.id);
  const unknown = requested.filter((id) => !findReleaseTarget(id));
  if (unknown.length > 0) {
    console.error(`release: unknown target ${unknown.join(", ")}; known: ${releaseTargets.map((target) => target.id).join(", ")}`);
    process.exit(2);
  }
  const outDirectory = resolve(values.out ?? join(root, "dist", "release"));
  const started = performance.now();
  const result = await buildRelease({
    targets: requested.map((id) => findReleaseTarget(id)!),
    outDirectory,
    baseUrl: values["base-url"] ? values["base-url"].replaceAll("{version}", packageJson.version).replace(/\/+$/, "") : releaseBaseUrl(packageJson.version),
    cacheDirectory: resolve(values.cache ?? defaultRuntimeCache()),
    bytecode: !values["no-bytecode"],
  });
  console.log(`\nAmRouter ${packageJson.version} in ${relative(process.cwd(), outDirectory) || "."} (${((performance.now() - started) / 1000).toFixed(1)} s):`);
  for (const entry of result.built) console.log(`  ${entry.file.padEnd(40)} ${(entry.size / 1024 / 1024).toFixed(1).padStart(6)} MB  ${entry.seconds.toFixed(1).padStart(5)} s  ${entry.sha256}`);
  for (const path of result.files) console.log(`  ${relative(outDirectory, path)}`);
  if (result.failed.length > 0) {
    console.error(`\nNot built:`);
    for (const failure of result.failed) console.error(`  ${failure.target.id}: ${failure.reason.split("\n").join("\n    ")}`);
    process.exit(1);
  }
  if (!existsSync(join(outDirectory, checksumsName))) process.exit(1);
}
