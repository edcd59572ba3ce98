// `amrouter update [--check] [--force] [--url MANIFEST_URL]`: reads the newest release manifest, downloads the binary
// for this platform next to the running one, checks its size, its sha256 and that it runs and reports the announced
// version, then swaps it in with one rename (the old file stays in place until then). Every network step has a
// deadline, so offline or unreachable gives a clear message and a non-zero exit within seconds, never a hang.
import { accessSync, chmodSync, closeSync, constants, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { version as runningVersion } from "../version.ts";
import {
  compareVersions,
  currentReleaseTarget,
  defaultUpdateUrl,
  isCompiledExecutable,
  parseReleaseManifest,
  ReleaseManifestError,
  type ReleaseAsset,
  type ReleaseManifest,
} from "./release-manifest.ts";

export type UpdateFlags = { url?: string; check?: boolean; force?: boolean };

export type UpdateOptions = {
  environment?: Record<string, string | undefined>;
  print?: (line: string) => void;
  printError?: (line: string) => void;
  /** The executable to replace; defaults to the running one when it is a compiled amrouter. */
  executablePath?: string;
  currentVersion?: string;
  target?: string;
};

class UpdateError extends Error {}

function positiveInteger(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value && Number.isInteger(number) && number > 0 ? number : fallback;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  const code = (error as { code?: string })?.code;
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${(timeoutMs / 1000).toFixed(1)} s`;
  if (code === "ConnectionRefused" || code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "FailedToOpenSocket" || code === "DNSError") return "the host name did not resolve (offline?)";
  return [(error as Error)?.message ?? String(error), code ? `(${code})` : ""].filter(Boolean).join(" ");
}

async function fetchManifest(url: string, timeoutMs: number): Promise<ReleaseManifest> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json", "user-agent": `amrouter/${runningVersion}` } });
    text = await response.text();
  } catch (error) {
    throw new UpdateError(
      `cannot reach the release manifest at ${url}: ${describeFetchError(error, timeoutMs)}.\n` +
        `Check the network connection, or point --url (or AMROUTER_UPDATE_URL) at a reachable amrouter-release.json.`,
    );
  }
  if (!response.ok) throw new UpdateError(`the release manifest at ${url} answered HTTP ${response.status}; nothing was changed.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UpdateError(`${url} is not a JSON release manifest; nothing was changed.`);
  }
  try {
    return parseReleaseManifest(parsed);
  } catch (error) {
    if (error instanceof ReleaseManifestError) throw new UpdateError(`${url}: ${error.message}`);
    throw error;
  }
}

function managedInstallHint(path: string): string | undefined {
  const normalized = path.replaceAll("\\", "/");
  if (/\/Cellar\/amrouter\//.test(normalized)) return "This amrouter was installed with Homebrew: run `brew upgrade amrouter` instead.";
  if (/\/scoop\/apps\/amrouter\//i.test(normalized)) return "This amrouter was installed with scoop: run `scoop update amrouter` instead.";
  return undefined;
}

/** Streams the asset to `destination`, hashing as it goes; aborts when the server stalls or sends too much. */
async function download(url: string, destination: string, asset: ReleaseAsset, connectTimeoutMs: number, idleTimeoutMs: number): Promise<string> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new DOMException("connect timeout", "TimeoutError")), connectTimeoutMs);
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException("stalled", "TimeoutError")), idleTimeoutMs);
  };
  const hasher = new Bun.CryptoHasher("sha256");
  let received = 0;
  const descriptor = openSync(destination, "wx", 0o700);
  try {
    const response = await fetch(url, { signal: controller.signal, headers: { "user-agent": `amrouter/${runningVersion}` } });
    if (!response.ok || !response.body) throw new UpdateError(`downloading ${url} answered HTTP ${response.status}; nothing was changed.`);
    rearm();
    for await (const chunk of response.body) {
      rearm();
      received += chunk.byteLength;
      if (received > asset.size) throw new UpdateError(`${url} sent more than the ${asset.size} bytes the manifest announces; nothing was changed.`);
      hasher.update(chunk);
      let offset = 0;
      while (offset < chunk.byteLength) offset += writeSync(descriptor, chunk, offset);
    }
  } catch (error) {
    if (error instanceof UpdateError) throw error;
    const stalled = controller.signal.aborted && received > 0;
    throw new UpdateError(
      `downloading ${url} failed: ${stalled ? `no data for ${(idleTimeoutMs / 1000).toFixed(1)} s after ${received} bytes` : describeFetchError(controller.signal.reason ?? error, connectTimeoutMs)}; nothing was changed.`,
    );
  } finally {
    clearTimeout(timer);
    closeSync(descriptor);
  }
  if (received !== asset.size) throw new UpdateError(`${url} ended after ${received} of ${asset.size} bytes; nothing was changed.`);
  return hasher.digest("hex");
}

/** Runs the new binary with --version (a wrong-architecture or truncated file fails here, before the swap). */
async function reportedVersion(path: string): Promise<string> {
  const child = Bun.spawn([path, "--version"], { stdout: "pipe", stderr: "pipe", stdin: "ignore", env: { ...process.env, AMROUTER_CONFIG: "" } });
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  try {
    const [output, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    if (code !== 0) throw new UpdateError(`the downloaded binary does not run here (exit ${code}); nothing was changed.`);
    return output.trim();
  } finally {
    clearTimeout(timer);
  }
}

/** Puts `source` in place of `target` with renames only, so `target` is always either the old or the new binary. */
function swapIn(source: string, target: string): string | undefined {
  if (process.platform !== "win32") {
    renameSync(source, target);
    return undefined;
  }
  // Windows cannot replace a running .exe, but it can rename it: keep it as .old until the next update removes it.
  const previous = `${target}.old`;
  rmSync(previous, { force: true });
  renameSync(target, previous);
  try {
    renameSync(source, target);
  } catch (error) {
    renameSync(previous, target);
    throw error;
  }
  return previous;
}

export async function runUpdateCommand(flags: UpdateFlags, options: UpdateOptions = {}): Promise<number> {
  const environment = options.environment ?? process.env;
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const currentVersion = options.currentVersion ?? runningVersion;
  const target = options.target ?? currentReleaseTarget();
  const manifestUrl = flags.url ?? defaultUpdateUrl(environment);
  const manifestTimeoutMs = positiveInteger(environment.AMROUTER_UPDATE_TIMEOUT_MS, 3000);
  const idleTimeoutMs = positiveInteger(environment.AMROUTER_UPDATE_IDLE_TIMEOUT_MS, 30_000);
  const executablePath = options.executablePath ?? (isCompiledExecutable() ? process.execPath : undefined);

  let temporary: string | undefined;
  try {
    if (!target) throw new UpdateError(`there are no amrouter releases for ${process.platform}-${process.arch}.`);
    if (!/^https?:\/\//.test(manifestUrl)) throw new UpdateError(`the update URL must be http:// or https://, got "${manifestUrl}".`);
    const manifest = await fetchManifest(manifestUrl, manifestTimeoutMs);
    const newer = compareVersions(manifest.version, currentVersion) > 0;
    if (!newer && !flags.force) {
      print(`AmRouter ${currentVersion} is up to date (the newest release is ${manifest.version}).`);
      return 0;
    }
    const asset = manifest.assets.find((candidate) => candidate.target === target);
    if (!asset) throw new UpdateError(`release ${manifest.version} has no binary for ${target} (it has ${manifest.assets.map((candidate) => candidate.target).join(", ") || "none"}).`);
    const assetUrl = new URL(asset.url, manifestUrl).href;
    if (flags.check) {
      print(newer ? `AmRouter ${manifest.version} is available (you have ${currentVersion}): ${assetUrl}\nRun amrouter update to install it.` : `AmRouter ${currentVersion} is up to date.`);
      return 0;
    }

    if (!executablePath) {
      throw new UpdateError("amrouter update replaces the compiled amrouter executable, but this one runs from source (bun src/main.ts): update it with git pull instead.");
    }
    const managed = managedInstallHint(executablePath);
    if (managed) throw new UpdateError(managed);
    const directory = dirname(executablePath);
    try {
      accessSync(directory, constants.W_OK);
    } catch {
      throw new UpdateError(
        `cannot write to ${directory}, where ${basename(executablePath)} lives. Re-run as its owner (for example with sudo), ` +
          `or, in a container, pull the new image instead.`,
      );
    }

    temporary = join(directory, `.amrouter-update-${process.pid}-${Date.now().toString(36)}${executablePath.endsWith(".exe") ? ".exe" : ""}`);
    print(`Downloading AmRouter ${manifest.version} for ${target} (${(asset.size / 1024 / 1024).toFixed(1)} MB) from ${assetUrl}`);
    const sha256 = await download(assetUrl, temporary, asset, Math.max(manifestTimeoutMs, 15_000), idleTimeoutMs);
    if (sha256 !== asset.sha256) {
      throw new UpdateError(`checksum mismatch for ${asset.file}: the manifest says ${asset.sha256}, the download is ${sha256}. It was not installed; ${executablePath} is unchanged.`);
    }
    chmodSync(temporary, existsSync(executablePath) ? statSync(executablePath).mode & 0o777 : 0o755);
    const reported = await reportedVersion(temporary);
    if (reported !== manifest.version) {
      throw new UpdateError(`the downloaded binary reports version "${reported}", not ${manifest.version}; nothing was changed.`);
    }
    const previous = swapIn(temporary, executablePath);
    temporary = undefined;
    print(`Updated ${executablePath}: ${currentVersion} -> ${manifest.version} (sha256 ${sha256} verified).`);
    if (previous) print(`The old binary is kept as ${previous} until the next update.`);
    print("Restart the gateway to run the new version.");
    return 0;
  } catch (error) {
    if (!(error instanceof UpdateError)) throw error;
    printError(`amrouter update: ${error.message}`);
    return 1;
  } finally {
    if (temporary) rmSync(temporary, { force: true });
  }
}
