// What `bun run release` writes for package managers and containers, checked for structure: the Homebrew formula
// (ruby -c, then loaded with a stand-in Formula class when Ruby is installed), the scoop manifest (JSON schema), and
// the Containerfile and compose.yaml.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { parseChecksums } from "../../scripts/release/checksums.ts";
import { homebrewFormula, scoopManifest, type PackageInput } from "../../scripts/release/package-managers.ts";
import { releaseAssetName, releaseBaseUrl, releaseTargets, type ReleaseAsset } from "../../src/cli/release-manifest.ts";
import { hostReleaseBuild, packageVersion, removeScratchDirectories, root, scratchDirectory, type ReleaseBuild } from "./release-support.ts";
import { ScoopManifestSchema } from "./scoop-manifest-schema.ts";

const ruby = Bun.which("ruby");
let build: ReleaseBuild;

beforeAll(async () => {
  build = await hostReleaseBuild();
  if (!ruby) console.log("[release] ruby is not installed: the formula gets structural checks only (apt-get install ruby for ruby -c)");
}, 120_000);

afterAll(() => removeScratchDirectories());

function fakeInput(version = "1.2.3", baseUrl = releaseBaseUrl(version, {})): PackageInput {
  const assets: ReleaseAsset[] = releaseTargets.map((target, index) => {
    const file = releaseAssetName(version, target);
    return { target: target.id, file, url: `${baseUrl}/${file}`, sha256: index.toString(16).repeat(64), size: 1000 + index };
  });
  return { version, description: "Self-hosted LLM gateway in one Bun executable", homepage: "https://github.com/amrouter/amrouter", baseUrl, assets };
}

type FormulaRecord = {
  desc: string;
  homepage: string;
  version: string;
  resources: Array<{ os: string; cpu: string; url: string; sha256: string }>;
  blocks: string[];
  methods: string[];
};

function checkRubySyntax(path: string): void {
  const check = Bun.spawnSync([ruby!, "-c", path], { stdout: "pipe", stderr: "pipe" });
  expect(`${check.stdout}${check.stderr}`.trim()).toBe("Syntax OK");
}

function loadFormula(path: string): FormulaRecord {
  const probe = Bun.spawnSync([ruby!, join(import.meta.dir, "formula-probe.rb"), path], { stdout: "pipe", stderr: "pipe" });
  if (probe.exitCode !== 0) throw new Error(probe.stderr.toString());
  return JSON.parse(probe.stdout.toString()) as FormulaRecord;
}

describe("Homebrew formula", () => {
  test("has a url and sha256 per macOS and Linux CPU, installs amrouter and the reset-password alias", () => {
    const input = fakeInput();
    const text = homebrewFormula(input);
    expect(text).toContain("class Amrouter < Formula");
    expect(text).toContain(`bin.install binary => "amrouter"`);
    expect(text).toContain(`bin.install_symlink "amrouter" => "amrouter-reset-password"`);
    expect(text).not.toContain("windows");
    expect(text).not.toContain("musl");
    const expected = [
      ["macos", "arm", "darwin-arm64"],
      ["macos", "intel", "darwin-x64"],
      ["linux", "arm", "linux-arm64"],
      ["linux", "intel", "linux-x64"],
    ].map(([os, cpu, target]) => {
      const asset = input.assets.find((candidate) => candidate.target === target)!;
      return { os: os!, cpu: cpu!, url: asset.url, sha256: asset.sha256 };
    });
    if (!ruby) {
      for (const resource of expected) expect(text).toContain(`      url "${resource.url}"\n      sha256 "${resource.sha256}"`);
      const openers = text.match(/(\bdo$|^\s*(def|class) )/gm)!.length;
      expect(openers).toBe(text.match(/^\s*end$/gm)!.length);
      return;
    }
    const path = join(scratchDirectory(), "amrouter.rb");
    writeFileSync(path, text);
    checkRubySyntax(path);
    const formula = loadFormula(path);
    expect(formula.resources).toEqual(expected);
    expect(formula.version).toBe("1.2.3");
    expect(formula.desc).not.toMatch(/^(A|An) |\.$/);
    expect(formula.blocks.sort()).toEqual(["livecheck", "service", "test"]);
    expect(formula.methods).toContain("install");
  });

  test("a release hosted elsewhere has no GitHub livecheck; quotes in strings are escaped", () => {
    const input = { ...fakeInput("2.0.0-rc.1", "https://dl.example.com/amrouter/2.0.0-rc.1"), description: `Gateway "quoted" #{not_interpolated}` };
    const text = homebrewFormula(input);
    expect(text).not.toContain("livecheck");
    expect(text).toContain(`desc "Gateway \\"quoted\\" \\#{not_interpolated}"`);
    if (!ruby) return;
    const path = join(scratchDirectory(), "amrouter.rb");
    writeFileSync(path, text);
    checkRubySyntax(path);
    const formula = loadFormula(path);
    expect(formula.desc).toBe(`Gateway "quoted" #{not_interpolated}`);
    expect(formula.resources.map((resource) => resource.url)).toContain("https://dl.example.com/amrouter/2.0.0-rc.1/amrouter-2.0.0-rc.1-darwin-arm64");
  });

  test("the formula bun run release wrote matches its SHA256SUMS", () => {
    const sums = parseChecksums(readFileSync(join(build.directory, "SHA256SUMS"), "utf8"));
    const path = join(build.directory, "Formula", "amrouter.rb");
    const text = readFileSync(path, "utf8");
    for (const [file, sha256] of sums) {
      if (file.includes("windows") || file.includes("musl")) continue;
      expect(text).toContain(`/${file}"\n      sha256 "${sha256}"`);
    }
    if (ruby) checkRubySyntax(path);
  });
});

describe("scoop manifest", () => {
  test("matches the scoop manifest schema and points at the Windows binary with its hash", () => {
    const input = fakeInput();
    const manifest = scoopManifest(input)!;
    const errors = [...Value.Errors(ScoopManifestSchema, manifest)].map((error) => `${error.path}: ${error.message}`);
    expect(errors).toEqual([]);
    const windows = input.assets.find((asset) => asset.target === "windows-x64")!;
    expect(manifest).toMatchObject({
      version: "1.2.3",
      architecture: { "64bit": { url: `${windows.url}#/amrouter.exe`, hash: windows.sha256 } },
      bin: ["amrouter.exe", ["amrouter.exe", "amrouter-reset-password", "reset-password"]],
      checkver: { github: "https://github.com/amrouter/amrouter" },
      autoupdate: {
        architecture: { "64bit": { url: "https://github.com/amrouter/amrouter/releases/download/v$version/amrouter-$version-windows-x64.exe#/amrouter.exe" } },
        hash: { url: "$baseurl/SHA256SUMS" },
      },
    });
  });

  test("the schema rejects what scoop rejects", () => {
    const manifest = scoopManifest(fakeInput())! as Record<string, any>;
    const broken = [
      { ...manifest, unknownField: true },
      { ...manifest, version: "1.2.3 beta" },
      { ...manifest, architecture: { "64bit": { url: manifest.architecture["64bit"].url, hash: "not-a-hash" } } },
      { ...manifest, architecture: { "64bit": { url: "https://example.com/$version/a.exe", hash: "a".repeat(64) } } },
      { ...manifest, bin: [[]] },
    ];
    for (const candidate of broken) expect(Value.Check(ScoopManifestSchema, candidate)).toBe(false);
  });

  test("no Windows build, no scoop manifest", () => {
    const input = fakeInput();
    expect(scoopManifest({ ...input, assets: input.assets.filter((asset) => asset.target !== "windows-x64") })).toBeUndefined();
  });
});

describe("container files", () => {
  const instructions = readFileSync(join(root, "Containerfile"), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));

  test("Containerfile: FROM scratch, files only, non-root, DATA_DIR volume, HOST, port, health check by the binary", () => {
    expect(instructions[0]).toBe("FROM scratch");
    expect(instructions.filter((line) => /^FROM\b/i.test(line))).toHaveLength(1);
    expect(instructions.some((line) => /^RUN\b/i.test(line))).toBe(false);
    const user = instructions.find((line) => line.startsWith("USER "))!;
    expect(user).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    const environment = instructions.find((line) => line.startsWith("ENV "))!;
    expect(environment).toMatch(/\bDATA_DIR=\/data\b/);
    expect(environment).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(instructions).toContain(`VOLUME ["/data"]`);
    expect(instructions).toContain("EXPOSE 20128");
    expect(instructions.find((line) => line.startsWith("HEALTHCHECK"))).toContain(`CMD ["/usr/local/bin/amrouter", "healthcheck"]`);
    expect(instructions).toContain(`ENTRYPOINT ["/usr/local/bin/amrouter"]`);
  });

  test("compose.yaml: one node, the data on a named volume, the health check", () => {
    const compose = Bun.YAML.parse(readFileSync(join(root, "compose.yaml"), "utf8")) as {
      services: Record<string, { image: string; volumes: string[]; ports: string[]; healthcheck: { test: string[] }; environment: Record<string, string> }>;
      volumes: Record<string, unknown>;
    };
    expect(Object.keys(compose.services)).toEqual(["amrouter"]);
    const service = compose.services.amrouter!;
    expect(service.image).toContain("amrouter:latest");
    expect(service.volumes).toContain("amrouter-data:/data");
    expect(Object.keys(compose.volumes)).toEqual(["amrouter-data"]);
    expect(service.ports.some((port) => port.endsWith(":20128"))).toBe(true);
    expect(service.healthcheck.test).toEqual(["CMD", "/usr/local/bin/amrouter", "healthcheck"]);
    expect(service.environment.REQUIRE_API_KEY).toBe("true");
  });

  test("the release manifest of this build lists version and files for update", () => {
    const manifest = JSON.parse(readFileSync(join(build.directory, "amrouter-release.json"), "utf8")) as { version: string; assets: Array<{ file: string }> };
    expect(manifest.version).toBe(packageVersion);
    expect(manifest.assets.map((asset) => asset.file)).toEqual([build.file]);
  });
});
