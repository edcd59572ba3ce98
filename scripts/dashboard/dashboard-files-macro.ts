// A Bun macro: when the gateway is bundled (`bun run build`) or transpiled in development, it runs the dashboard
// build and inlines the resulting files, so the compiled binary serves the dashboard with no files on disk.
// Bun.build cannot run inside a macro (the bundler would wait on itself), so the build runs in a child process.
import { join } from "node:path";
import type { DashboardFile } from "./bundle-dashboard.ts";

export function dashboardFiles(): DashboardFile[] {
  const script = join(import.meta.dir, "..", "build-dashboard.ts");
  const run = Bun.spawnSync([process.execPath, script, "--json"], { stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  if (run.exitCode !== 0) throw new Error(`dashboard build failed:\n${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString()) as DashboardFile[];
}
