// Shared by the release tests: one `bun run release` build of this machine's target per test process (reused by
// every test file), and helpers to run the compiled binary as a user would.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRelease } from "../../scripts/release.ts";
import { defaultRuntimeCache } from "../../scripts/release/bun-runtime.ts";
import { currentReleaseTarget, findReleaseTarget } from "../../src/cli/release-manifest.ts";

export const root = join(import.meta.dir, "..", "..");
export const packageVersion = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

export type ReleaseBuild = { directory: string; binary: string; file: string; target: string; sha256: string; buildSeconds: number };

// Everything the release tests write lives under one directory per test process. Bun's test runner shares this
// module between test files but runs no exit hook, so each file removes its scratch directories in afterAll, and the
// shared build of a finished test process is removed by the next one.
const processDirectory = join(tmpdir(), `amrouter-release-test-${process.pid}`);
const sharedDirectory = join(processDirectory, "build");
let scratch: string[] = [];

function removeDirectoriesOfFinishedRuns(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^amrouter-release-test-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as { code?: string }).code === "ESRCH") rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

export function scratchDirectory(prefix = "scratch-"): string {
  mkdirSync(processDirectory, { recursive: true });
  const directory = mkdtempSync(join(processDirectory, prefix));
  scratch.push(directory);
  return directory;
}

/** Removes the scratch directories made so far (call it in afterAll). */
export function removeScratchDirectories(): void {
  for (const directory of scratch) {
    try {
      chmodSync(directory, 0o755);
    } catch {}
    rmSync(directory, { recursive: true, force: true });
  }
  scratch = [];
}

/** Builds (once per test process) the release binary of this machine's target with `bun run release`'s code. */
export async function hostReleaseBuild(): Promise<ReleaseBuild> {
  const record = join(sharedDirectory, "build.json");
  if (existsSync(record)) return JSON.parse(readFileSync(record, "utf8")) as ReleaseBuild;
  const targetId = currentReleaseTarget();
  const target = targetId ? findReleaseTarget(targetId) : undefined;
  if (!target) throw new Error(`no release target for ${process.platform}-${process.arch}`);
  removeDirectoriesOfFinishedRuns();
  mkdirSync(sharedDirectory, { recursive: true });
  const started = performance.now();
  const result = await buildRelease({
    targets: [target],
    outDirectory: sharedDirectory,
    baseUrl: `https://downloads.example.invalid/v${packageVersion}`,
    cacheDirectory: defaultRuntimeCache(),
    log: () => {},
  });
  if (result.failed.length > 0) throw new Error(`release build failed: ${result.failed[0]!.reason}`);
  const built = result.built[0]!;
  const build: ReleaseBuild = { directory: sharedDirectory, binary: built.path, file: built.file, target: target.id, sha256: built.sha256, buildSeconds: (performance.now() - started) / 1000 };
  console.log(`[release] built ${built.file} (${(built.size / 1024 / 1024).toFixed(1)} MB) in ${build.buildSeconds.toFixed(1)} s`);
  writeFileSync(record, JSON.stringify(build));
  return build;
}

export type RunResult = { code: number; stdout: string; stderr: string; milliseconds: number };

export async function runBinary(command: string[], options: { env?: Record<string, string>; cwd?: string; stdin?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const started = performance.now();
  const child = Bun.spawn(command, {
    cwd: options.cwd,
    env: options.env ?? { PATH: "/usr/bin:/bin" },
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr, milliseconds: performance.now() - started };
}

export const isRoot = process.getuid?.() === 0;
