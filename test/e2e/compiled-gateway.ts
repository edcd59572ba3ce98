// The gateway the browser test talks to: `dist/amrouter` built from this checkout into a temp directory and run
// from an empty one (so the dashboard is proven to come from inside the binary), with a fresh DATA_DIR and a
// known INITIAL_PASSWORD. E2E_IN_PROCESS=1 starts the gateway in process instead, for quick UI iteration.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "../../src/start-gateway.ts";

export type TestGateway = { url: string; stop(): Promise<void> };

const root = join(import.meta.dir, "..", "..");

async function readListeningUrl(stream: ReadableStream<Uint8Array>, timeoutMs: number): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => undefined)]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value);
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    if (match) {
      reader.releaseLock();
      return match[1]!;
    }
  }
  throw new Error(`the gateway never said where it listens; output:\n${text}`);
}

export async function startTestGateway(initialPassword: string): Promise<TestGateway> {
  const workDirectory = mkdtempSync(join(tmpdir(), "amrouter-e2e-"));
  const environment = { PATH: "/usr/bin:/bin", HOME: workDirectory, DATA_DIR: join(workDirectory, "data"), INITIAL_PASSWORD: initialPassword };
  if (process.env.E2E_IN_PROCESS === "1") {
    const gateway = await startGateway({ port: 0, host: "127.0.0.1" }, environment);
    return { url: gateway.url, stop: async () => (await gateway.stop(), rmSync(workDirectory, { recursive: true, force: true })) };
  }
  const buildDirectory = mkdtempSync(join(tmpdir(), "amrouter-e2e-build-"));
  const built = join(buildDirectory, "amrouter");
  const build = Bun.spawnSync([process.execPath, join(root, "scripts", "build.ts"), "--outfile", built], { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  copyFileSync(built, join(workDirectory, "amrouter"));
  rmSync(buildDirectory, { recursive: true, force: true });
  Bun.spawnSync(["chmod", "+x", join(workDirectory, "amrouter")]);
  const process_ = Bun.spawn([join(workDirectory, "amrouter"), "--port", "0", "--headless"], { cwd: workDirectory, env: environment, stdout: "pipe", stderr: Bun.file(join(workDirectory, "gateway.log")) });
  const url = await readListeningUrl(process_.stdout as ReadableStream<Uint8Array>, 15_000);
  return {
    url,
    async stop() {
      process_.kill("SIGTERM");
      await process_.exited;
      rmSync(workDirectory, { recursive: true, force: true });
    },
  };
}
