// `bun run build` gives one executable that runs from an empty directory (no node_modules, fresh DATA_DIR)
// and serves chat completions, JSON and streaming, to a config-file connection.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { buildGatewayBinary, startBinaryGateway, type RunningBinary } from "../support/binary-gateway.ts";
import { mockConfigYaml, temporaryDirectory } from "../support/gateway-fixture.ts";

let mock: MockUpstream;
let gateway: RunningBinary | undefined;
let gatewayUrl = "";
let workDirectory = "";
let buildDirectory = "";

beforeAll(async () => {
  mock = await startMockUpstream();
  buildDirectory = temporaryDirectory("amrouter-build-");
  const built = buildGatewayBinary(join(buildDirectory, "amrouter"));
  workDirectory = temporaryDirectory("amrouter-empty-");
  copyFileSync(built, join(workDirectory, "amrouter"));
  Bun.spawnSync(["chmod", "+x", join(workDirectory, "amrouter")]);
  writeFileSync(join(workDirectory, "amrouter.yaml"), mockConfigYaml(mock.url));
  gateway = await startBinaryGateway([join(workDirectory, "amrouter"), "--config", "amrouter.yaml", "--port", "0", "--headless"], {
    cwd: workDirectory,
    env: { PATH: "/usr/bin:/bin", HOME: workDirectory, DATA_DIR: join(workDirectory, "data") },
  });
  gatewayUrl = gateway.url;
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await mock.stop();
  for (const directory of [buildDirectory, workDirectory]) if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("compiled binary", () => {
  test("runs from a directory that holds only the binary and its config", () => {
    expect(readdirSync(workDirectory).sort()).toEqual(["amrouter", "amrouter.yaml", "data"]);
    expect(existsSync(join(workDirectory, "node_modules"))).toBe(false);
    expect(existsSync(join(workDirectory, "data", ".env"))).toBe(true);
  });

  test("serves JSON and streamed completions through the openai SDK", async () => {
    const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: "unused", maxRetries: 0 });
    const messages = [{ role: "user" as const, content: "from the binary" }];
    const completion = await client.chat.completions.create({ model: "mock/gpt-4o-mini", messages });
    expect(completion.choices[0]!.message.content).toBe("Echo: from the binary");
    let text = "";
    for await (const chunk of await client.chat.completions.create({ model: "mock/gpt-4o-mini", messages, stream: true })) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("Echo: from the binary");
  });

  test("has the provider catalog inside", async () => {
    const result = Bun.spawnSync([join(workDirectory, "amrouter"), "providers", "available", "--json"], {
      cwd: workDirectory,
      env: { PATH: "/usr/bin:/bin", HOME: workDirectory, DATA_DIR: join(workDirectory, "data") },
    });
    const providers = JSON.parse(result.stdout.toString()) as Array<{ id: string }>;
    expect(providers.map((provider) => provider.id)).toContain("openai");
  });

  test("shuts down cleanly on SIGTERM", async () => {
    expect(await gateway!.stop()).toBe(0);
    gateway = undefined;
  });
});
