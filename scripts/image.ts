// `bun run image [--engine podman|docker] [--tag NAME:TAG]… [--binary PATH] [--context DIR] [--no-build]`
//
// Builds the scratch container image described in Containerfile: compiles the linux-x64 release binary (or takes
// --binary), stages the build context in dist/image/ (see scripts/release/image-context.ts), then runs
// `podman build` (preferred when installed) or `docker build` with --network=none: the build only copies files.
// Tags amrouter:<version> and amrouter:latest unless --tag is given. For podman, --storage-driver, --root and
// --runroot are passed through (e.g. vfs storage in a sandbox).
import { mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import packageJson from "../package.json" with { type: "json" };
import { findReleaseTarget, releaseAssetName } from "../src/cli/release-manifest.ts";
import { stageImageContext } from "./release/image-context.ts";
import { compileTarget } from "./release.ts";

const root = resolve(import.meta.dir, "..");

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    engine: { type: "string" },
    tag: { type: "string", multiple: true },
    binary: { type: "string" },
    context: { type: "string" },
    "no-build": { type: "boolean" },
    "storage-driver": { type: "string" },
    root: { type: "string" },
    runroot: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: bun run image [--engine podman|docker] [--tag NAME:TAG]… [--binary PATH] [--context DIR] [--no-build] [--storage-driver D --root DIR --runroot DIR]");
  process.exit(0);
}

function fail(message: string): never {
  console.error(`image: ${message}`);
  process.exit(1);
}

const engine = values.engine ?? (Bun.which("podman") ? "podman" : Bun.which("docker") ? "docker" : undefined);
if (!values["no-build"]) {
  if (!engine) fail("neither podman nor docker is installed (apt-get install podman, or use --no-build to only stage the context)");
  if (engine !== "podman" && engine !== "docker") fail(`--engine must be podman or docker, got "${engine}"`);
}
const contextDirectory = resolve(values.context ?? join(root, "dist", "image"));
const tags = values.tag?.length ? values.tag : [`amrouter:${packageJson.version}`, "amrouter:latest"];

let binary = values.binary ? resolve(values.binary) : undefined;
let scratch: string | undefined;
try {
  if (!binary) {
    const target = findReleaseTarget("linux-x64")!;
    scratch = mkdtempSync(join(root, "dist", ".image-build-"));
    binary = join(scratch, releaseAssetName(packageJson.version, target));
    console.log(`compiling ${releaseAssetName(packageJson.version, target)}`);
    compileTarget(target, binary, process.execPath);
  }
  const context = stageImageContext(binary, contextDirectory);
  console.log(`staged ${contextDirectory} (libraries: ${context.libraries.join(", ")}; CA bundle from ${context.caBundle})`);
} catch (error) {
  fail((error as Error).message);
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
if (values["no-build"]) process.exit(0);

const global: string[] = [];
if (engine === "podman") {
  if (values["storage-driver"]) global.push("--storage-driver", values["storage-driver"]);
  if (values.root) global.push("--root", values.root);
  if (values.runroot) global.push("--runroot", values.runroot);
}
const command = [engine!, ...global, "build", "--network=none", "-f", join(root, "Containerfile"), "--build-arg", `VERSION=${packageJson.version}`];
// OCI images have no HEALTHCHECK; podman drops it unless the image is in docker format.
if (engine === "podman") command.push("--format", "docker");
for (const tag of tags) command.push("-t", tag);
command.push(contextDirectory);
console.log(`$ ${command.join(" ")}`);
const build = Bun.spawnSync(command, { cwd: root, stdout: "inherit", stderr: "inherit" });
if (build.exitCode !== 0) fail(`${engine} build failed (exit ${build.exitCode})`);
console.log(`built ${tags.join(", ")}`);
