// What a release is made of, shared by `bun run release` (which writes it) and `amrouter update` (which reads it):
// the build targets and their file names, the release URLs, and the release manifest (amrouter-release.json) that
// lists every binary of one version with its sha256.
import { existsSync } from "node:fs";

export type ReleaseOs = "linux" | "darwin" | "windows";
export type ReleaseArch = "x64" | "arm64";

export type ReleaseTarget = {
  /** The suffix of the file name, and the key in the manifest: `linux-x64`, `linux-x64-musl`, `windows-x64`… */
  id: string;
  os: ReleaseOs;
  arch: ReleaseArch;
  libc?: "glibc" | "musl";
  /** `bun build --compile --target` */
  bunTarget: string;
  /** The npm package that holds the Bun runtime for this target (fetched with `npm pack` when cross-compiling). */
  runtimePackage: string;
  extension: "" | ".exe";
};

export const releaseTargets: readonly ReleaseTarget[] = [
  { id: "linux-x64", os: "linux", arch: "x64", libc: "glibc", bunTarget: "bun-linux-x64", runtimePackage: "@oven/bun-linux-x64", extension: "" },
  { id: "linux-arm64", os: "linux", arch: "arm64", libc: "glibc", bunTarget: "bun-linux-arm64", runtimePackage: "@oven/bun-linux-aarch64", extension: "" },
  { id: "linux-x64-musl", os: "linux", arch: "x64", libc: "musl", bunTarget: "bun-linux-x64-musl", runtimePackage: "@oven/bun-linux-x64-musl", extension: "" },
  { id: "darwin-x64", os: "darwin", arch: "x64", bunTarget: "bun-darwin-x64", runtimePackage: "@oven/bun-darwin-x64", extension: "" },
  { id: "darwin-arm64", os: "darwin", arch: "arm64", bunTarget: "bun-darwin-arm64", runtimePackage: "@oven/bun-darwin-aarch64", extension: "" },
  { id: "windows-x64", os: "windows", arch: "x64", bunTarget: "bun-windows-x64", runtimePackage: "@oven/bun-windows-x64", extension: ".exe" },
];

export function findReleaseTarget(id: string): ReleaseTarget | undefined {
  return releaseTargets.find((target) => target.id === id);
}

export function releaseAssetName(version: string, target: ReleaseTarget): string {
  return `amrouter-${version}-${target.id}${target.extension}`;
}

export const releaseRepositoryUrl = "https://github.com/amrouter/amrouter";
export const releaseManifestName = "amrouter-release.json";
export const checksumsName = "SHA256SUMS";

/**
 * Where the files of one release are downloaded from. AMROUTER_RELEASE_BASE_URL overrides it; `{version}` in it is
 * replaced by the version.
 */
export function releaseBaseUrl(version: string, environment: Record<string, string | undefined> = process.env): string {
  const configured = environment.AMROUTER_RELEASE_BASE_URL;
  const base = configured ? configured.replaceAll("{version}", version) : `${releaseRepositoryUrl}/releases/download/v${version}`;
  return base.replace(/\/+$/, "");
}

/** Where `amrouter update` reads the newest release manifest: AMROUTER_UPDATE_URL, else the project's latest release. */
export function defaultUpdateUrl(environment: Record<string, string | undefined> = process.env): string {
  return environment.AMROUTER_UPDATE_URL || `${releaseRepositoryUrl}/releases/latest/download/${releaseManifestName}`;
}

export type ReleaseAsset = {
  target: string;
  file: string;
  /** Absolute, or relative to the manifest's own URL. */
  url: string;
  sha256: string;
  size: number;
};

export type ReleaseManifest = {
  schemaVersion: 1;
  name: "amrouter";
  version: string;
  publishedAt: string;
  assets: ReleaseAsset[];
};

export class ReleaseManifestError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const versionPattern = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Checks a parsed manifest and returns it typed; the error names every bad field. */
export function parseReleaseManifest(value: unknown): ReleaseManifest {
  const problems: string[] = [];
  if (!isRecord(value)) throw new ReleaseManifestError("the release manifest is not a JSON object");
  if (value.name !== "amrouter") problems.push(`/name: expected "amrouter"`);
  if (value.schemaVersion !== 1) problems.push(`/schemaVersion: expected 1 (a newer amrouter may be needed to read it)`);
  if (typeof value.version !== "string" || !versionPattern.test(value.version)) problems.push(`/version: expected a version like 1.2.3`);
  if (typeof value.publishedAt !== "string") problems.push(`/publishedAt: expected a date string`);
  if (!Array.isArray(value.assets)) problems.push(`/assets: expected an array`);
  else
    value.assets.forEach((asset: unknown, index) => {
      if (!isRecord(asset)) return problems.push(`/assets/${index}: expected an object`);
      if (typeof asset.target !== "string" || !asset.target) problems.push(`/assets/${index}/target: expected a target such as linux-x64`);
      if (typeof asset.file !== "string" || !/^[A-Za-z0-9._-]+$/.test(asset.file)) problems.push(`/assets/${index}/file: expected a plain file name`);
      if (typeof asset.url !== "string" || !asset.url) problems.push(`/assets/${index}/url: expected a URL`);
      if (typeof asset.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(asset.sha256)) problems.push(`/assets/${index}/sha256: expected 64 lowercase hex digits`);
      if (typeof asset.size !== "number" || !Number.isInteger(asset.size) || asset.size <= 0) problems.push(`/assets/${index}/size: expected a positive integer`);
    });
  if (problems.length > 0) throw new ReleaseManifestError(`invalid release manifest:\n  ${problems.join("\n  ")}`);
  return value as ReleaseManifest;
}

/** Semantic-version order: negative when `left` is older than `right`. A pre-release sorts before its release. */
export function compareVersions(left: string, right: string): number {
  const split = (version: string) => {
    const [core = "", pre] = version.replace(/^v/, "").split("+")[0]!.split(/-(.*)/s);
    return { core: core.split(".").map((part) => Number(part) || 0), pre: pre ? pre.split(".") : [] };
  };
  const a = split(left);
  const b = split(right);
  for (let index = 0; index < 3; index++) {
    const difference = (a.core[index] ?? 0) - (b.core[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let index = 0; index < Math.max(a.pre.length, b.pre.length); index++) {
    const x = a.pre[index];
    const y = b.pre[index];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    return numeric ? Math.sign(Number(x) - Number(y)) : x < y ? -1 : 1;
  }
  return 0;
}

// `bun run release` compiles every binary with --define AMROUTER_RELEASE_TARGET="<target id>", so a binary knows which
// file replaces it; a binary built otherwise (bun run build, bun run src/main.ts) works it out from the platform.
declare const AMROUTER_RELEASE_TARGET: string | undefined;

export function currentReleaseTarget(): string | undefined {
  if (typeof AMROUTER_RELEASE_TARGET === "string") return AMROUTER_RELEASE_TARGET;
  const os = process.platform === "win32" ? "windows" : process.platform;
  if (os !== "linux" && os !== "darwin" && os !== "windows") return undefined;
  if (process.arch !== "x64" && process.arch !== "arm64") return undefined;
  const glibcLoader = process.arch === "x64" ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux-aarch64.so.1";
  const muslLoader = `/lib/ld-musl-${process.arch === "x64" ? "x86_64" : "aarch64"}.so.1`;
  const musl = os === "linux" && existsSync(muslLoader) && !existsSync(glibcLoader);
  return `${os}-${process.arch}${musl ? "-musl" : ""}`;
}

/** True inside an executable made by `bun build --compile` (its entry point lives in Bun's embedded file system). */
export function isCompiledExecutable(): boolean {
  return Bun.main.includes("$bunfs") || Bun.main.includes("~BUN");
}
