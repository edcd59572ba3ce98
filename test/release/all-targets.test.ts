// `bun run release` for all six targets (the other platforms' Bun runtimes come from the npm registry, cached in
// ~/.cache/amrouter/bun-runtimes): every file is an executable of the right format and architecture (ELF with the
// glibc or musl loader, Mach-O with an ad-hoc signature whose page hashes match, PE32+ console), SHA256SUMS, the
// update manifest, the formula and the scoop manifest cover them, and the one that can run here runs.
// Skip with AMROUTER_RELEASE_MATRIX=0 (it writes about 650 MB to the temp directory).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, openSync, readFileSync, readSync, closeSync, statSync } from "node:fs";
import { join } from "node:path";
import { defaultRuntimeCache } from "../../scripts/release/bun-runtime.ts";
import { parseChecksums, sha256File } from "../../scripts/release/checksums.ts";
import { elfInterpreter } from "../../scripts/release/image-context.ts";
import { currentReleaseTarget, parseReleaseManifest, releaseAssetName, releaseTargets } from "../../src/cli/release-manifest.ts";
import { packageVersion, removeScratchDirectories, root, runBinary, scratchDirectory } from "./release-support.ts";
import { startBinaryGateway } from "../support/binary-gateway.ts";

const runtimesCached = releaseTargets.every(
  (target) => target.id === currentReleaseTarget() || existsSync(join(defaultRuntimeCache(), Bun.version, target.runtimePackage.replace("/", "+"))),
);
const skipReason =
  process.env.AMROUTER_RELEASE_MATRIX === "0"
    ? "AMROUTER_RELEASE_MATRIX=0"
    : !Bun.which("npm") && !runtimesCached
      ? "npm is not installed and the Bun runtimes of the other targets are not cached"
      : undefined;
if (skipReason) console.log(`[release] all-targets build SKIPPED: ${skipReason}`);

let outDirectory = "";
let output = "";
let seconds = 0;

function readHead(path: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const descriptor = openSync(path, "r");
  try {
    readSync(descriptor, buffer, 0, bytes, 0);
  } finally {
    closeSync(descriptor);
  }
  return buffer;
}

/** Checks a Mach-O's embedded ad-hoc signature the way the kernel does when it pages the file in. */
function verifyMachO(path: string): { cpu: string; signedPages: number } {
  const file = readFileSync(path);
  expect(file.readUInt32LE(0)).toBe(0xfeedfacf);
  const cpuType = file.readUInt32LE(4);
  const commands = file.readUInt32LE(16);
  let offset = 32;
  let signatureOffset = -1;
  let signatureSize = 0;
  let linkeditEnd = 0;
  for (let index = 0; index < commands; index++) {
    const command = file.readUInt32LE(offset);
    if (command === 0x1d) [signatureOffset, signatureSize] = [file.readUInt32LE(offset + 8), file.readUInt32LE(offset + 12)];
    if (command === 0x19 && file.toString("latin1", offset + 8, offset + 18) === "__LINKEDIT") {
      linkeditEnd = Number(file.readBigUInt64LE(offset + 40) + file.readBigUInt64LE(offset + 48));
    }
    offset += file.readUInt32LE(offset + 4);
  }
  expect(signatureOffset).toBeGreaterThan(0);
  // The signature is the last thing in __LINKEDIT and in the file (codesign --strict rejects a stale tail).
  expect(signatureOffset + signatureSize).toBe(file.length);
  expect(linkeditEnd).toBe(file.length);
  expect(file.readUInt32BE(signatureOffset)).toBe(0xfade0cc0);
  const slots = file.readUInt32BE(signatureOffset + 8);
  let directory = -1;
  for (let index = 0; index < slots; index++) {
    const entry = signatureOffset + 12 + index * 8;
    if (file.readUInt32BE(entry) === 0) directory = signatureOffset + file.readUInt32BE(entry + 4);
  }
  expect(file.readUInt32BE(directory)).toBe(0xfade0c02);
  const flags = file.readUInt32BE(directory + 12);
  const hashOffset = file.readUInt32BE(directory + 16);
  const codeSlots = file.readUInt32BE(directory + 28);
  const codeLimit = file.readUInt32BE(directory + 32);
  const hashSize = file[directory + 36]!;
  const hashType = file[directory + 37]!;
  const pageSize = 2 ** file[directory + 39]!;
  expect(flags & 0x2).toBe(0x2); // CS_ADHOC
  expect(hashType).toBe(2); // SHA-256
  expect(codeLimit).toBe(signatureOffset);
  expect(codeSlots).toBe(Math.ceil(codeLimit / pageSize));
  for (let page = 0; page < codeSlots; page++) {
    const start = page * pageSize;
    const digest = new Bun.CryptoHasher("sha256").update(file.subarray(start, Math.min(start + pageSize, codeLimit))).digest();
    const expected = file.subarray(directory + hashOffset + page * hashSize, directory + hashOffset + (page + 1) * hashSize);
    if (!digest.equals(expected)) throw new Error(`${path}: page ${page} does not match its signature`);
  }
  return { cpu: cpuType === 0x0100000c ? "arm64" : cpuType === 0x01000007 ? "x64" : `0x${cpuType.toString(16)}`, signedPages: codeSlots };
}

describe.skipIf(skipReason !== undefined)("bun run release, all targets", () => {
  beforeAll(async () => {
    outDirectory = scratchDirectory("all-targets-");
    const started = performance.now();
    const result = await runBinary([process.execPath, join(root, "scripts", "release.ts"), "--out", outDirectory, "--base-url", "https://downloads.example.invalid/v{version}"], {
      env: { ...process.env } as Record<string, string>,
      cwd: root,
      timeoutMs: 300_000,
    });
    seconds = (performance.now() - started) / 1000;
    output = `${result.stdout}${result.stderr}`;
    console.log(`[release] bun run release (6 targets): ${seconds.toFixed(1)} s\n${result.stdout.split("\n").filter((line) => / MB in /.test(line)).join("\n")}`);
    if (result.code !== 0) throw new Error(`bun run release failed:\n${output}`);
  }, 300_000);

  afterAll(() => removeScratchDirectories());

  test("one file per target, each listed in SHA256SUMS with its digest", async () => {
    const sums = parseChecksums(readFileSync(join(outDirectory, "SHA256SUMS"), "utf8"));
    expect([...sums.keys()].sort()).toEqual(releaseTargets.map((target) => releaseAssetName(packageVersion, target)).sort());
    for (const [file, sha256] of sums) expect(await sha256File(join(outDirectory, file))).toBe(sha256);
  });

  test("Linux builds are ELF for the right CPU and loader (glibc, musl)", () => {
    const expectations = { "linux-x64": [62, "/lib64/ld-linux-x86-64.so.2"], "linux-arm64": [183, "/lib/ld-linux-aarch64.so.1"], "linux-x64-musl": [62, "/lib/ld-musl-x86_64.so.1"] } as const;
    for (const [id, [machine, loader]] of Object.entries(expectations)) {
      const path = join(outDirectory, releaseAssetName(packageVersion, releaseTargets.find((target) => target.id === id)!));
      const head = readHead(path, 64);
      expect(head.readUInt32BE(0)).toBe(0x7f454c46);
      expect(head.readUInt16LE(0x12)).toBe(machine);
      expect(elfInterpreter(path)).toBe(loader);
      expect(statSync(path).mode & 0o111).not.toBe(0);
    }
  });

  test("macOS builds are Mach-O for the right CPU, ad-hoc signed over the whole file", () => {
    for (const [id, cpu] of [["darwin-arm64", "arm64"], ["darwin-x64", "x64"]] as const) {
      const path = join(outDirectory, releaseAssetName(packageVersion, releaseTargets.find((target) => target.id === id)!));
      const verified = verifyMachO(path);
      expect(verified.cpu).toBe(cpu);
      expect(verified.signedPages).toBeGreaterThan(1000);
    }
  });

  test("the Windows build is a PE32+ x86-64 console executable", () => {
    const path = join(outDirectory, `amrouter-${packageVersion}-windows-x64.exe`);
    const head = readHead(path, 4096);
    expect(head.toString("latin1", 0, 2)).toBe("MZ");
    const pe = head.readUInt32LE(0x3c);
    expect(head.toString("latin1", pe, pe + 4)).toBe("PE\0\0");
    expect(head.readUInt16LE(pe + 4)).toBe(0x8664);
    const optional = pe + 24;
    expect(head.readUInt16LE(optional)).toBe(0x20b);
    expect(head.readUInt16LE(optional + 68)).toBe(3); // IMAGE_SUBSYSTEM_WINDOWS_CUI
  });

  test("the update manifest, the formula and the scoop manifest cover the release", () => {
    const manifest = parseReleaseManifest(JSON.parse(readFileSync(join(outDirectory, "amrouter-release.json"), "utf8")));
    expect(manifest.assets.map((asset) => asset.target).sort()).toEqual(releaseTargets.map((target) => target.id).sort());
    for (const asset of manifest.assets) expect(asset.url).toBe(`https://downloads.example.invalid/v${packageVersion}/${asset.file}`);
    const formula = readFileSync(join(outDirectory, "Formula", "amrouter.rb"), "utf8");
    expect(formula.match(/^\s+url "/gm)).toHaveLength(4);
    const scoop = JSON.parse(readFileSync(join(outDirectory, "bucket", "amrouter.json"), "utf8")) as { architecture: { "64bit": { hash: string } } };
    expect(scoop.architecture["64bit"].hash).toBe(manifest.assets.find((asset) => asset.target === "windows-x64")!.sha256);
  });

  test("the build for this machine runs: --version and /health", async () => {
    const host = currentReleaseTarget()!;
    const path = join(outDirectory, releaseAssetName(packageVersion, releaseTargets.find((target) => target.id === host)!));
    const result = await runBinary([path, "--version"]);
    expect(result.stdout.trim()).toBe(packageVersion);
    const data = scratchDirectory();
    const gateway = await startBinaryGateway([path, "--port", "0", "--headless"], { env: { PATH: "/usr/bin:/bin", HOME: data, DATA_DIR: data } });
    try {
      expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 30_000);
});
