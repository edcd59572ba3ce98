// Two gateways on one DATA_DIR share the database safely (WAL, busy timeout), see each other's changes, and the
// app can be driven in process through app.handle().
import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createApp } from "../../src/app.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { startGateway, type RunningGateway } from "../../src/start-gateway.ts";
import { checkIntegrity } from "../../src/storage/database.ts";
import { createApiKey } from "../../src/storage/repositories/api-keys-repository.ts";
import { startMockUpstream } from "../mock-upstream/mock-server.ts";
import { mockConfigYaml, temporaryDirectory } from "../support/gateway-fixture.ts";

const mock = await startMockUpstream();
const running: RunningGateway[] = [];
afterAll(async () => {
  for (const gateway of running) await gateway.stop();
  await mock.stop();
});

describe("one data directory, two gateways", () => {
  test("both boot from the same config, both serve, and a key made by one works on the other", async () => {
    const data = temporaryDirectory();
    const config = join(data, "amrouter.yaml");
    writeFileSync(config, mockConfigYaml(mock.url));
    const quiet = { logger: createLogger("error", () => {}) };
    const environment = { DATA_DIR: data, REQUIRE_API_KEY: "true" };
    const [first, second] = await Promise.all([
      startGateway({ port: 0, configFile: config }, environment, quiet),
      startGateway({ port: 0, configFile: config }, environment, quiet),
    ]);
    running.push(first!, second!);
    expect(first!.runtime.connections.all().map((connection) => connection.name)).toEqual(["mock"]);
    const { key } = createApiKey(first!.runtime.storage, "shared");
    first!.runtime.reload();
    await Bun.sleep(1200);
    for (const gateway of [first!, second!]) {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "mock/gpt-4o-mini", messages: [{ role: "user", content: "both" }] }),
      });
      expect(response.status).toBe(200);
    }
    expect(checkIntegrity(first!.runtime.storage.sqlite)).toBe("ok");
  }, 15_000);

  test("the app answers in process through app.handle()", async () => {
    const gateway = await startGateway({ port: 0 }, { DATA_DIR: temporaryDirectory() }, { logger: createLogger("error", () => {}) });
    running.push(gateway);
    const app = createApp(gateway.runtime);
    const response = await app.handle(new Request("http://localhost/health"));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe("ok");
  });
});
