// `bun run build` gives one executable that runs from an empty directory (no node_modules, fresh DATA_DIR)
// and serves chat completions, JSON and streaming, to a config-file connection.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { mockConfigYaml, temporaryDirectory } from "../support/gateway-fixture.ts";

const root = join(import.meta.dir, "..", "..");
let mock: MockUpstream;
let gateway: ReturnType<typeof Bun.spawn> | undefined;
let gatewayUrl = "";
let workDirectory = "";
let buildDirectory = "";

async function readUntil(stream: ReadableStream<Uint8Array>, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => undefined)]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value);
    const match = pattern.exec(text);
    if (match) {
      reader.releaseLock();
      return match;
    }
  }
  throw new Error(`binary never printed ${pattern}; output so far:\n${text}`);
}

beforeAll(async () => {
  mock = await startMockUpstream();
  buildDirectory = temporaryDirectory("amrouter-build-");
  const built = join(buildDirectory, "amrouter");
  const build = Bun.spawnSync([process.execPath, join(root, "scripts", "build.ts"), "--outfile", built], { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  workDirectory = temporaryDirectory("amrouter-empty-");
  copyFileSync(built, join(workDirectory, "amrouter"));
  Bun.spawnSync(["chmod", "+x", join(workDirectory, "amrouter")]);
  writeFileSync(join(workDirectory, "amrouter.yaml"), mockConfigYaml(mock.url));
  gateway = Bun.spawn([join(workDirectory, "amrouter"), "--config", "amrouter.yaml", "--port", "0", "--headless"], {
    cwd: workDirectory,
    env: { PATH: "/usr/bin:/bin", HOME: workDirectory, DATA_DIR: join(workDirectory, "data") },
    stdout: "pipe",
    stderr: "pipe",
  });
  const match = await readUntil(gateway.stdout as ReadableStream<Uint8Array>, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 15_000);
  gatewayUrl = match[1]!;
}, 60_000);

afterAll(async () => {
  gateway?.kill("SIGTERM");
  await gateway?.exited;
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
    gateway!.kill("SIGTERM");
    expect(await gateway!.exited).toBe(0);
    gateway = undefined;
  });
});
