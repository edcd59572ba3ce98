// `bun run build`: compiles the gateway, with the provider catalog and migrations inlined, into one executable
// (dist/amrouter). `--target bun-linux-arm64` etc. and `--outfile PATH` pass through for cross builds.
import { parseArgs } from "node:util";
import { join } from "node:path";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { target: { type: "string" }, outfile: { type: "string" } },
});
const root = join(import.meta.dir, "..");
const outfile = values.outfile ?? join(root, "dist", process.platform === "win32" ? "amrouter.exe" : "amrouter");
// The binary reads its settings from the environment and DATA_DIR/.env only: no .env or bunfig.toml from
// whatever directory it is started in. Splitting and the JIT policy: see compileTarget in scripts/release.ts.
const command = [
  process.execPath, "build", "--compile", "--minify", "--bytecode", "--splitting", "--compile-jit-policy=10", "--format=esm", "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig",
  join(root, "src", "main.ts"), "--outfile", outfile,
];
if (values.target) command.push("--target", values.target);
const build = Bun.spawnSync(command, { cwd: root, stdout: "inherit", stderr: "inherit" });
if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);
console.log(`built ${outfile}`);
