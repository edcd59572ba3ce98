// A compiled gateway for the tests that run one: `bun run build` into a directory, then the process started and its
// "listening on" line awaited. The release tests, the binary test and the browser test share these.
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");

/** Builds dist/amrouter's equivalent at `outfile` with scripts/build.ts; throws with the build's output if it fails. */
export function buildGatewayBinary(outfile: string): string {
  const build = Bun.spawnSync([process.execPath, join(root, "scripts", "build.ts"), "--outfile", outfile], { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}${build.stdout.toString()}`);
  return outfile;
}

/** Reads a child's output until `pattern` matches (or throws with what it printed). */
export async function readUntil(stream: ReadableStream<Uint8Array>, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => undefined)]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value);
      const match = pattern.exec(text);
      if (match) return match;
    }
  } finally {
    reader.releaseLock();
  }
  throw new Error(`never printed ${pattern}; output so far:\n${text}`);
}

export type RunningBinary = { child: ReturnType<typeof Bun.spawn>; url: string; startToListeningMs: number; output(): string; stop(): Promise<number> };

/**
 * Starts a gateway process and waits for its "listening on" line. Its stderr is read all along (a pipe nobody reads
 * would block a gateway that logs a lot), keeping the last 64 KB for error messages.
 */
export async function startBinaryGateway(command: string[], options: { env: Record<string, string>; cwd?: string }): Promise<RunningBinary> {
  const started = performance.now();
  const child = Bun.spawn(command, { cwd: options.cwd, env: options.env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  let stderr = "";
  const decoder = new TextDecoder();
  const drained = (async () => {
    for await (const chunk of child.stderr as ReadableStream<Uint8Array>) stderr = (stderr + decoder.decode(chunk, { stream: true })).slice(-65_536);
  })();
  let match: RegExpExecArray;
  try {
    match = await readUntil(child.stdout as ReadableStream<Uint8Array>, /listening on (http:\/\/[^\s]+)/, 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    await drained;
    throw new Error(`${(error as Error).message}\nstderr:\n${stderr}`);
  }
  return {
    child,
    url: match[1]!.replace("0.0.0.0", "127.0.0.1"),
    startToListeningMs: performance.now() - started,
    output: () => stderr,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      const code = await child.exited;
      clearTimeout(timer);
      return code;
    },
  };
}
