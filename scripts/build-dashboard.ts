// `bun run build:dashboard`: bundles web/ and reports each file's size, failing when a page would load more than
// 150 KB of script. `--outdir DIR` also writes the files (default: report only); `--json` prints them as JSON for
// the embedding macro (scripts/dashboard/dashboard-files-macro.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { bundleDashboard } from "./dashboard/bundle-dashboard.ts";

const scriptBudgetBytes = 150 * 1024;
const { values } = parseArgs({ args: Bun.argv.slice(2), options: { json: { type: "boolean" }, outdir: { type: "string" } } });
const files = await bundleDashboard();

if (values.json) {
  process.stdout.write(JSON.stringify(files));
} else {
  const sizeOf = (base64: string | undefined) => (base64 ? Math.floor((base64.length * 3) / 4) : 0);
  const index = Buffer.from(files.find((file) => file.path === "/index.html")!.body, "base64").toString("utf8");
  const entryPath = /<script type="module" src="([^"]+)"/.exec(index)?.[1];
  const entry = files.find((file) => file.path === entryPath);
  const sharedBytes = files.filter((file) => file.path.endsWith(".js") && !/\/[a-z-]+-page-/.test(file.path)).reduce((sum, file) => sum + sizeOf(file.body), 0);
  let overBudget = false;
  for (const file of files) {
    const raw = sizeOf(file.body);
    const isPage = /-page-[^/]*\.js$/.test(file.path);
    const pageTotal = isPage ? raw + sharedBytes : file === entry ? sharedBytes : undefined;
    if (pageTotal !== undefined && pageTotal > scriptBudgetBytes) overBudget = true;
    const page = pageTotal === undefined ? "" : `  page script ${(pageTotal / 1024).toFixed(1)} KB`;
    console.log(`${file.path.padEnd(44)} ${(raw / 1024).toFixed(1).padStart(7)} KB  gzip ${(sizeOf(file.gzip) / 1024).toFixed(1).padStart(6)} KB  br ${(sizeOf(file.brotli) / 1024).toFixed(1).padStart(6)} KB${page}`);
  }
  if (values.outdir) {
    for (const file of files) {
      const target = join(values.outdir, file.path === "/index.html" ? "index.html" : file.path.slice(1));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, Buffer.from(file.body, "base64"));
    }
    console.log(`wrote ${files.length} files to ${values.outdir}`);
  }
  if (overBudget) {
    console.error(`a page loads more than ${scriptBudgetBytes / 1024} KB of script`);
    process.exit(1);
  }
}
