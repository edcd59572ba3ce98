// The gateway the browser test talks to: `dist/amrouter` built from this checkout into a temp directory and run
// from an empty one (so the dashboard is proven to come from inside the binary), with a fresh DATA_DIR and a
// known INITIAL_PASSWORD. E2E_IN_PROCESS=1 starts the gateway in process instead, for quick UI iteration.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "../../src/start-gateway.ts";
import { buildGatewayBinary, startBinaryGateway } from "../support/binary-gateway.ts";

export type TestGateway = { url: string; stop(): Promise<void> };


export async function startTestGateway(initialPassword: string): Promise<TestGateway> {
  const workDirectory = mkdtempSync(join(tmpdir(), "amrouter-e2e-"));
  const environment = { PATH: "/usr/bin:/bin", HOME: workDirectory, DATA_DIR: join(workDirectory, "data"), INITIAL_PASSWORD: initialPassword };
  if (process.env.E2E_IN_PROCESS === "1") {
    const gateway = await startGateway({ port: 0, host: "127.0.0.1" }, environment);
    return { url: gateway.url, stop: async () => (await gateway.stop(), rmSync(workDirectory, { recursive: true, force: true })) };
  }
  const buildDirectory = mkdtempSync(join(tmpdir(), "amrouter-e2e-build-"));
  copyFileSync(buildGatewayBinary(join(buildDirectory, "amrouter")), join(workDirectory, "amrouter"));
  rmSync(buildDirectory, { recursive: true, force: true });
  Bun.spawnSync(["chmod", "+x", join(workDirectory, "amrouter")]);
  const gateway = await startBinaryGateway([join(workDirectory, "amrouter"), "--port", "0", "--headless"], { cwd: workDirectory, env: environment });
  return {
    url: gateway.url,
    async stop() {
      await gateway.stop();
      rmSync(workDirectory, { recursive: true, force: true });
    },
  };
}
