// The dashboard is served from the bundle inside the gateway: index.html at / (revalidated, with a strict
// content security policy), hashed assets cached forever and precompressed, the PWA files, and Swagger UI.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture();
});
afterAll(() => fixture.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${fixture.gateway.url}${path}`, { headers, decompress: false } as RequestInit);

describe("dashboard files", () => {
  test("index.html is served at / with no-cache, an ETag and a content security policy", async () => {
    const response = await get("/", { "accept-encoding": "identity" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/assets/');
    const revalidated = await get("/", { "if-none-match": response.headers.get("etag")! });
    expect(revalidated.status).toBe(304);
  });

  test("hashed assets are immutable and precompressed as the browser accepts", async () => {
    const html = await (await get("/", { "accept-encoding": "identity" })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1]!;
    const brotli = await get(script, { "accept-encoding": "gzip, br" });
    expect(brotli.headers.get("content-encoding")).toBe("br");
    expect(brotli.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(brotli.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await get(script, { "accept-encoding": "gzip" })).headers.get("content-encoding")).toBe("gzip");
    const plain = await get(script, { "accept-encoding": "identity" });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect((await plain.arrayBuffer()).byteLength).toBeLessThan(150 * 1024);
    expect((await get(stylesheet)).headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await get("/assets/missing-file.js")).status).toBe(404);
  });

  test("the PWA manifest, service worker and icons are there", async () => {
    expect((await get("/manifest.webmanifest")).headers.get("content-type")).toBe("application/manifest+json");
    const worker = await get("/service-worker.js", { "accept-encoding": "identity" });
    expect(worker.headers.get("cache-control")).toBe("no-cache");
    expect(await worker.text()).toContain("/assets/");
    expect((await get("/icons/icon-192.png")).headers.get("content-type")).toBe("image/png");
  });

  test("Swagger UI and the OpenAPI document describe the admin API", async () => {
    expect((await get("/swagger")).headers.get("content-type")).toContain("text/html");
    const spec = (await (await get("/swagger/json")).json()) as { paths: Record<string, unknown> };
    for (const path of ["/api/connections", "/api/connections/{name}/test", "/api/providers", "/api/combos", "/api/keys", "/api/settings", "/api/route/explain", "/api/health/resilience"]) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
  });
});
