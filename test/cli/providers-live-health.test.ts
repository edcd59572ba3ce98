// `amrouter providers list` shows each connection's live health (cooldown, lockout, breaker) by asking the
// gateway running on the same data directory, and says so when none is running.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startGatewayFixture } from "../support/gateway-fixture.ts";

const mainPath = join(import.meta.dir, "..", "..", "src", "main.ts");

/** Spawned without blocking: the gateway it asks runs in this test's own process. */
async function providersList(dataDirectory: string, port: number) {
  const child = Bun.spawn([process.execPath, mainPath, "providers", "list", "--json", "--data-dir", dataDirectory, "--port", String(port)], { stdout: "pipe", stderr: "pipe" });
  const output = await new Response(child.stdout).text();
  await child.exited;
  return JSON.parse(output) as Array<{ name: string; status: string; health: string }>;
}

describe("providers list", () => {
  test("shows a cooldown the running gateway holds, and 'gateway not running' after it stops", async () => {
    const fixture = await startGatewayFixture({ environment: { RESILIENCE: "true" } });
    const dataDirectory = fixture.dataDirectory;
    const port = fixture.gateway.port;
    try {
      await fixture.client().chat.completions.create({ model: "mock/rate-limit", messages: [{ role: "user", content: "x" }] }).catch(() => undefined);
      const rows = await providersList(dataDirectory, port);
      expect(rows.find((row) => row.name === "mock")!.health).toMatch(/cooling down \d+s/);
    } finally {
      await fixture.gateway.stop();
    }
    expect((await providersList(dataDirectory, port)).find((row) => row.name === "mock")!.health).toBe("gateway not running");
  }, 20_000);
});
