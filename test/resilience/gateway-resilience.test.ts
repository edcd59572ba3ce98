// Resilience on the real request path, against a mock upstream that fails on command: breaker open, half-open
// probe and close; cooldown from Retry-After and its expiry; model-only lockouts; 401 disabling a connection
// until its credentials change; no retry after the first byte; client aborts; max attempts; context-too-long
// moving to a larger window only; and 100 concurrent requests during an outage all served.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { startMockUpstream, type MockUpstream } from "../mock-upstream/mock-server.ts";
import { mockConfigYaml, startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(() => mock.stop());

const connection = (name: string, extra = "") => `  - name: ${name}\n    provider: openai-chat\n    baseUrl: {mock}/v1\n    apiKey: sk-${name}-0123456789\n${extra}`;

async function gatewayWith(extraConfig: string, environment: Record<string, string> = {}, catalog?: ReturnType<typeof createCatalog>): Promise<GatewayFixture> {
  return startGatewayFixture({ mock, extraConfig, environment: { RESILIENCE: "true", BREAKER_COOL_OFF_MS: "400", ...environment }, ...(catalog ? { catalog } : {}) });
}

const messages = [{ role: "user" as const, content: "resilience" }];
const upstreamCalls = (model: string) => mock.requests.filter((request) => (request.body as { model?: string } | null)?.model === model).length;

async function send(fixture: GatewayFixture, model: string, stream = false) {
  const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages, stream }),
  });
  return { status: response.status, route: response.headers.get("x-amrouter-route"), retryAfter: response.headers.get("retry-after"), text: await response.text() };
}

describe("resilience on the request path", () => {
  test("a provider failing with 5xx opens its breaker: it is skipped, then probed once after the cool-off, then closed", async () => {
    const fixture = await gatewayWith([connection("flaky"), connection("healthy"), "combos:", "  - name: outage", "    models: [flaky/error-500, healthy/gpt-4o-mini]", "  - name: recovered", "    models: [flaky/slow-150, healthy/gpt-4o-mini]", ""].join("\n"));
    try {
      for (let index = 0; index < 5; index++) expect((await send(fixture, "outage")).route).toBe("healthy/gpt-4o-mini");
      const before = upstreamCalls("error-500");
      const skipped = await send(fixture, "outage");
      expect(skipped.route).toBe("healthy/gpt-4o-mini");
      expect(upstreamCalls("error-500")).toBe(before);
      expect((await send(fixture, "flaky/gpt-4o-mini")).status).toBe(503);
      await Bun.sleep(450);
      const probes = await Promise.all([send(fixture, "recovered"), send(fixture, "recovered")]);
      expect(probes.map((probe) => probe.route).sort()).toEqual(["flaky/slow-150", "healthy/gpt-4o-mini"]);
      expect((await send(fixture, "flaky/gpt-4o-mini")).status).toBe(200);
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("a 429 with Retry-After cools the connection down until then, and it comes back by itself", async () => {
    const fixture = await gatewayWith([connection("limited"), connection("spare"), "combos:", "  - name: limits", "    models: [limited/rate-limit, spare/gpt-4o-mini]", ""].join("\n"));
    try {
      expect((await send(fixture, "limits")).route).toBe("spare/gpt-4o-mini");
      const cooled = await send(fixture, "limited/gpt-4o-mini");
      expect(cooled.status).toBe(503);
      expect(cooled.text).toContain("cooling down");
      expect(Number(cooled.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(cooled.retryAfter)).toBeLessThanOrEqual(2);
      await Bun.sleep(2100);
      expect((await send(fixture, "limited/gpt-4o-mini")).status).toBe(200);
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("a model 404 locks only that model of that connection", async () => {
    const fixture = await gatewayWith([connection("shared"), connection("other"), "combos:", "  - name: missing", "    models: [shared/error-404, other/gpt-4o-mini]", ""].join("\n"));
    try {
      expect((await send(fixture, "missing")).route).toBe("other/gpt-4o-mini");
      const before = upstreamCalls("error-404");
      expect((await send(fixture, "missing")).route).toBe("other/gpt-4o-mini");
      expect(upstreamCalls("error-404")).toBe(before);
      expect((await send(fixture, "shared/gpt-4o-mini")).status).toBe(200);
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("a 401 disables the connection until its credentials change", async () => {
    const fixture = await gatewayWith([connection("expired"), connection("backup"), "combos:", "  - name: auth", "    models: [expired/error-401, backup/gpt-4o-mini]", ""].join("\n"));
    try {
      expect((await send(fixture, "auth")).route).toBe("backup/gpt-4o-mini");
      const disabled = await send(fixture, "expired/gpt-4o-mini");
      expect(disabled.status).toBe(503);
      expect(disabled.text).toContain("disabled");
      writeFileSync(fixture.configPath, mockConfigYaml(mock.url, connection("expired").replace("sk-expired-0123456789", "sk-rotated-0123456789")));
      const { readConfigFile } = await import("../../src/config/config-file.ts");
      const { applyConfigFile } = await import("../../src/config/apply-config-file.ts");
      applyConfigFile(fixture.gateway.runtime.storage, fixture.gateway.runtime.cipher, readConfigFile(fixture.configPath, fixture.gateway.runtime.catalog));
      fixture.gateway.runtime.reload();
      expect((await send(fixture, "expired/gpt-4o-mini")).status).toBe(200);
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("after the first byte there is no fallback: a mid-stream error ends that stream", async () => {
    const fixture = await gatewayWith([connection("streamer"), connection("unused"), "combos:", "  - name: midstream", "    models: [streamer/mid-stream-error, unused/gpt-4o-mini]", ""].join("\n"));
    try {
      const before = mock.requests.length;
      const result = await send(fixture, "midstream", true);
      expect(result.route).toBe("streamer/mid-stream-error");
      expect(result.text).toContain("upstream exploded");
      expect(mock.requests.length - before).toBe(1);
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("a client that gives up stops the loop: no further targets are tried", async () => {
    const fixture = await gatewayWith([connection("stuck"), connection("never"), "combos:", "  - name: abandon", "    models: [stuck/hang, never/gpt-4o-mini]", ""].join("\n"));
    try {
      const before = upstreamCalls("gpt-4o-mini");
      await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "abandon", messages }),
        signal: AbortSignal.timeout(200),
      }).catch(() => undefined);
      await Bun.sleep(200);
      expect(upstreamCalls("gpt-4o-mini")).toBe(before);
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("max attempts is a hard bound, and the error names what was tried and what was not", async () => {
    const fixture = await gatewayWith(
      [connection("first"), connection("second"), connection("third"), "combos:", "  - name: bounded", "    maxAttempts: 2", "    models: [first/error-503, second/error-503, third/error-503]", ""].join("\n"),
      { BREAKER_FAILURE_THRESHOLD: "100" },
    );
    try {
      const before = upstreamCalls("error-503");
      const result = await send(fixture, "bounded");
      expect(upstreamCalls("error-503") - before).toBe(2);
      expect(result.status).toBe(503);
      expect(result.text).toContain("first/error-503");
      expect(result.text).toContain("third/error-503: not tried");
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("context too long moves only to a target with a larger context window", async () => {
    const catalog = createCatalog([
      {
        id: "windows",
        name: "Context windows",
        family: "openai-chat",
        baseUrl: "https://windows.invalid/v1",
        auth: { style: "bearer" },
        models: [
          { id: "context-too-long", contextWindow: 8000 },
          { id: "gpt-4o-mini", contextWindow: 4000 },
          { id: "gpt-4o", contextWindow: 128000 },
        ],
      },
    ]);
    const windowed = (name: string) => `  - name: ${name}\n    provider: windows\n    baseUrl: {mock}/v1\n    apiKey: sk-${name}-0123456789\n`;
    const fixture = await gatewayWith([windowed("small"), windowed("tiny"), windowed("large"), "combos:", "  - name: grow", "    models: [small/context-too-long, tiny/gpt-4o-mini, large/gpt-4o]", ""].join("\n"), {}, catalog);
    try {
      const before = upstreamCalls("gpt-4o-mini");
      const result = await send(fixture, "grow");
      expect(result.route).toBe("large/gpt-4o");
      expect(upstreamCalls("gpt-4o-mini")).toBe(before);
    } finally {
      await fixture.stop();
    }
  }, 15_000);

  test("100 concurrent requests during a provider outage are all served by the healthy target", async () => {
    const fixture = await gatewayWith([connection("down"), connection("up"), "combos:", "  - name: storm", "    models: [down/error-503, up/gpt-4o-mini]", ""].join("\n"));
    try {
      const before = upstreamCalls("error-503");
      const results = await Promise.all(Array.from({ length: 100 }, () => send(fixture, "storm")));
      expect(results.every((result) => result.status === 200 && result.route === "up/gpt-4o-mini")).toBe(true);
      expect(upstreamCalls("error-503") - before).toBeGreaterThan(0);
      const afterStorm = upstreamCalls("error-503");
      const next = await Promise.all(Array.from({ length: 100 }, () => send(fixture, "storm")));
      expect(next.every((result) => result.status === 200 && result.route === "up/gpt-4o-mini")).toBe(true);
      expect(upstreamCalls("error-503")).toBe(afterStorm);
    } finally {
      await fixture.stop();
    }
  });
});

describe("route explain", () => {
  test("shows the order the strategy picked and each skipped target with its reason and recovery time", async () => {
    const fixture = await gatewayWith([connection("busy"), connection("calm"), "combos:", "  - name: explained", "    strategy: priority", "    models: [busy/rate-limit, calm/gpt-4o-mini]", ""].join("\n"));
    try {
      const { createApiKey } = await import("../../src/storage/repositories/api-keys-repository.ts");
      const { key } = createApiKey(fixture.gateway.runtime.storage, "explainer", { scope: "admin" });
      fixture.gateway.runtime.reload();
      const explain = async () =>
        (await fetch(`${fixture.gateway.url}/api/route/explain`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ model: "explained" }) }).then((response) => response.json())) as {
          strategy: string;
          candidates: Array<{ target: string }>;
          skipped: Array<{ target: string; reason: string; until: number | null }>;
        };
      const before = await explain();
      expect(before.strategy).toBe("priority");
      expect(before.candidates.map((candidate) => candidate.target)).toEqual(["busy/rate-limit", "calm/gpt-4o-mini"]);
      await send(fixture, "explained");
      const after = await explain();
      expect(after.candidates.map((candidate) => candidate.target)).toEqual(["calm/gpt-4o-mini"]);
      expect(after.skipped[0]!.target).toBe("busy/rate-limit");
      expect(after.skipped[0]!.reason).toContain("cooling down");
      expect(after.skipped[0]!.until).toBeGreaterThan(Date.now());
    } finally {
      await fixture.stop();
    }
  }, 15_000);
});
