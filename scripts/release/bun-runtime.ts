// The Bun runtime a cross-compiled binary is built on. `bun build --compile --target=…` would download it from
// GitHub; instead it comes from the npm registry (`npm pack @oven/bun-<os>-<arch>@<this bun's version>`, checked
// against the registry's integrity hash by npm) and is kept in a cache directory for the next release.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ReleaseTarget } from "../../src/cli/release-manifest.ts";

export function defaultRuntimeCache(environment: Record<string, string | undefined> = process.env): string {
  if (environment.AMROUTER_RELEASE_CACHE) return environment.AMROUTER_RELEASE_CACHE;
  const base = environment.XDG_CACHE_HOME || (process.platform === "win32" ? environment.LOCALAPPDATA : undefined) || join(homedir(), ".cache");
  return join(base!, "amrouter", "bun-runtimes");
}

/** The executable format a target's runtime must have: a wrong or truncated download is caught before compiling. */
export function executableFormat(bytes: Uint8Array): "elf" | "mach-o" | "pe" | "unknown" {
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return "elf";
  if (bytes[0] === 0xcf && bytes[1] === 0xfa && bytes[2] === 0xed && bytes[3] === 0xfe) return "mach-o";
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) return "pe";
  return "unknown";
}

const expectedFormat = { linux: "elf", darwin: "mach-o", windows: "pe" } as const;

function run(command: string[], cwd: string): string {
  const result = Bun.spawnSync(command, { cwd, stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) {
    const output = `${result.stderr.toString()}${result.stdout.toString()}`.trim().split("\n").slice(-6).join("\n");
    throw new Error(`${command.join(" ")} failed (exit ${result.exitCode}):\n${output}`);
  }
  return result.stdout.toString();
}

/** Returns the path of the Bun runtime for `target`, fetching it into the cache on first use. */
export function ensureBunRuntime(target: ReleaseTarget, options: { bunVersion: string; cacheDirectory: string; log?: (line: string) => void }): string {
  const directory = join(options.cacheDirectory, options.bunVersion, target.runtimePackage.replace("/", "+"));
  const executable = join(directory, target.os === "windows" ? "bun.exe" : "bun");
  if (existsSync(executable)) return executable;

  const npm = Bun.which("npm");
  if (!npm) throw new Error(`npm is needed to fetch ${target.runtimePackage}@${options.bunVersion} from the npm registry, and it is not on PATH`);
  mkdirSync(options.cacheDirectory, { recursive: true });
  const work = mkdtempSync(join(options.cacheDirectory, ".fetch-"));
  try {
    const spec = `${target.runtimePackage}@${options.bunVersion}`;
    options.log?.(`  fetching ${spec} from the npm registry`);
    const output = run([npm, "pack", spec, "--json", "--silent", "--pack-destination", work], work);
    const packed = JSON.parse(output.slice(output.indexOf("["))) as Array<{ filename: string; integrity?: string }>;
    const tarball = join(work, packed[0]!.filename);
    const inner = `package/bin/${target.os === "windows" ? "bun.exe" : "bun"}`;
    run(["tar", "-xzf", tarball, "-C", work, inner, "package/package.json"], work);
    const extracted = join(work, inner);
    const format = executableFormat(new Uint8Array(readFileSync(extracted).subarray(0, 4)));
    if (format !== expectedFormat[target.os]) throw new Error(`${spec} does not hold a ${expectedFormat[target.os]} executable (found ${format})`);
    const version = (JSON.parse(readFileSync(join(work, "package", "package.json"), "utf8")) as { version: string }).version;
    if (version !== options.bunVersion) throw new Error(`${spec} is version ${version}`);
    chmodSync(extracted, 0o755);
    mkdirSync(directory, { recursive: true });
    renameSync(extracted, executable);
    options.log?.(`  cached ${executable}${packed[0]!.integrity ? ` (${packed[0]!.integrity.slice(0, 22)}…)` : ""}`);
    return executable;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
