// Starts a real gateway (Bun.serve on a free loopback port, SQLite in a temp DATA_DIR) in front of the mock
// upstream, with a config file that declares the mock as a connection. Used by the gateway tests.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import type { Catalog } from "../../src/catalog/catalog.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { startGateway, type RunningGateway } from "../../src/start-gateway.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import type { UsageRecord } from "../../src/usage/usage-record.ts";

export const mockCredential = "sk-mock-upstream-credential-0123456789";

export type GatewayFixture = {
  gateway: RunningGateway;
  mock: MockUpstream;
  dataDirectory: string;
  configPath: string;
  logLines: string[];
  /** Every usage record the gateway produced, as it was queued. */
  usageRecords: UsageRecord[];
  /** Waits until `count` more records than `since` exist, then returns the newest. */
  nextUsageRecord(since: number): Promise<UsageRecord>;
  client(apiKey?: string): OpenAI;
  direct(): OpenAI;
  stop(): Promise<void>;
};

export type FixtureOptions = {
  environment?: Record<string, string>;
  /** Extra YAML appended to the generated config file; `{mock}` is replaced with the mock's base URL. */
  extraConfig?: string;
  mock?: MockUpstream;
  /** A catalog of test providers instead of the embedded one. */
  catalog?: Catalog;
};

export function temporaryDirectory(prefix = "amrouter-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function mockConfigYaml(mockUrl: string, extra = ""): string {
  return `connections:\n  - name: mock\n    provider: openai-chat\n    baseUrl: ${mockUrl}/v1\n    apiKey: ${mockCredential}\n${extra.replaceAll("{mock}", mockUrl)}`;
}

export async function startGatewayFixture(options: FixtureOptions = {}): Promise<GatewayFixture> {
  const mock = options.mock ?? (await startMockUpstream());
  const dataDirectory = temporaryDirectory();
  const configPath = join(dataDirectory, "amrouter.yaml");
  writeFileSync(configPath, mockConfigYaml(mock.url, options.extraConfig));
  const logLines: string[] = [];
  // Most suites drive one mock connection through failure scenarios on purpose; resilience (breakers,
  // cooldowns, disabling on 401) would carry those failures into the next test, so it is opt-in here.
  const environment = { DATA_DIR: dataDirectory, RESILIENCE: "false", ...options.environment };
  const gateway = await startGateway({ port: 0, host: "127.0.0.1", configFile: configPath }, environment, {
    logger: createLogger("debug", (line) => logLines.push(line)),
    ...(options.catalog ? { catalog: options.catalog } : {}),
  });
  await gateway.runtime.modelsDiscovered;
  const usageRecords: UsageRecord[] = [];
  gateway.runtime.usage.subscribe((record) => usageRecords.push(record));
  return {
    gateway,
    mock,
    dataDirectory,
    configPath,
    logLines,
    usageRecords,
    async nextUsageRecord(since) {
      for (let waited = 0; usageRecords.length <= since && waited < 2000; waited += 5) await Bun.sleep(5);
      if (usageRecords.length <= since) throw new Error("no usage record was produced");
      return usageRecords.at(-1)!;
    },
    client: (apiKey = "anything") => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 }),
    direct: () => new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: mockCredential, maxRetries: 0 }),
    async stop() {
      await gateway.stop();
      if (!options.mock) await mock.stop();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
