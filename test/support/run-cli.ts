// Runs the `amrouter` CLI from source as a user would, in its own process, without blocking the test process (so
// an in-process mock upstream can answer it). At most three run at once across the suite: each process start
// costs CPU, and a busy machine has few cores.
import { join } from "node:path";

export const mainPath = join(import.meta.dir, "..", "..", "src", "main.ts");

export type CliRun = { code: number; stdout: string; stderr: string; elapsedMs: number };

let slots = 3;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (slots === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  else slots--;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else slots++;
  }
}

export function runCli(args: string[], environment: Record<string, string> = {}): Promise<CliRun> {
  return limited(async () => {
    const started = performance.now();
    const child = Bun.spawn([process.execPath, mainPath, ...args], { env: { ...process.env, ...environment }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { code, stdout, stderr, elapsedMs: performance.now() - started };
  });
}
