// `bun run bench:path [--requests N] [--stream]`: the gateway's own cost per request, without network noise. The
// real app (auth on, one connection, usage recorded to a temporary database) handles chat completions in process
// through `app.handle`, with the upstream answered by an in-process stand-in for `fetch` (JSON, or with
// `--stream` an SSE stream of eight chunks read to the end); as the baseline, a minimal Elysia app with the same
// body schema does what a bare proxy must (parse, rewrite the model, call the same stand-in, pass the answer on). Prints microseconds of wall and CPU time per request for both:
// the difference is what routing, limits, breakers, usage and headers cost. Steadier than `bun run bench` on a
// shared machine, so it is the number to watch when trimming the request path.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Elysia, t } from "elysia";
import { createApp } from "../src/app.ts";
import { loadSettings } from "../src/config/settings.ts";
import { createGatewayRuntime } from "../src/gateway/gateway-runtime.ts";

const streaming = process.argv.includes("--stream");
const requestsFlag = process.argv.indexOf("--requests");
const requests = requestsFlag >= 0 ? Number(process.argv[requestsFlag + 1]) : 20_000;
const upstreamOrigin = "http://upstream.bench.invalid";
const clientKey = "amr_benchbenchbenchbenchbench";
const upstreamReply = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "Echo: benchmark this request please" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 },
});

const streamChunk = (delta: Record<string, unknown>, finish: string | null, usage?: Record<string, number>) =>
  new TextEncoder().encode(
    `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`,
  );
const upstreamStream = [
  streamChunk({ role: "assistant", content: "" }, null),
  ...["Echo: ", "benchmark ", "this ", "request ", "please"].map((piece) => streamChunk({ content: piece }, null)),
  streamChunk({}, "stop"),
  streamChunk({}, null, { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 }),
  new TextEncoder().encode("data: [DONE]\n\n"),
];

const realFetch = globalThis.fetch;
async function standInFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith(upstreamOrigin)) return realFetch(input, init);
  if (!streaming) return new Response(upstreamReply, { headers: { "content-type": "application/json" } });
  const chunks = upstreamStream.slice();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}
globalThis.fetch = Object.assign(standInFetch, { preconnect: realFetch.preconnect });

type Handler = { handle(request: Request): Promise<Response> };

async function measure(label: string, app: Handler, model: string): Promise<void> {
  const body = JSON.stringify({ model, stream: streaming, messages: [{ role: "user", content: "benchmark this request please" }] });
  const one = async () => {
    const response = await app.handle(
      new Request("http://127.0.0.1/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${clientKey}` }, body }),
    );
    if (response.status !== 200) throw new Error(`${label}: ${response.status} ${await response.text()}`);
    await response.text();
  };
  for (let index = 0; index < Math.min(5_000, requests); index++) await one();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < requests; index++) await one();
  const cpu = process.cpuUsage(cpuBefore);
  const wall = ((performance.now() - started) * 1000) / requests;
  console.log(`${label.padEnd(22)} ${wall.toFixed(1).padStart(6)} µs wall  ${((cpu.user + cpu.system) / requests).toFixed(1).padStart(6)} µs CPU per request`);
}

const directory = mkdtempSync(join(tmpdir(), "amrouter-bench-path-"));
try {
  const configFile = join(directory, "amrouter.yaml");
  writeFileSync(
    configFile,
    `connections:\n  - name: bench\n    provider: openai-chat\n    baseUrl: ${upstreamOrigin}/v1\n    apiKey: sk-bench-0123456789\napiKeys:\n  - name: bench\n    key: ${clientKey}\n`,
  );
  const settings = loadSettings({ port: 0, configFile }, { DATA_DIR: directory, HOME: directory, REQUIRE_API_KEY: "true", APP_LOG_LEVEL: "warn" });
  const runtime = createGatewayRuntime(settings, { watchIntervalMs: 3_600_000 });
  const minimal = new Elysia().post(
    "/v1/chat/completions",
    async ({ body }) => {
      const upstreamBody = { ...body, model: "gpt-4o-mini" };
      const upstream = await fetch(`${upstreamOrigin}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer sk-bench-0123456789" },
        body: JSON.stringify(upstreamBody),
      });
      if (streaming) return new Response(upstream.body, { headers: { "content-type": "text/event-stream" } });
      const answer = (await upstream.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...answer, model: body.model }), { headers: { "content-type": "application/json" } });
    },
    { body: t.Object({ model: t.String({ minLength: 1 }), messages: t.Array(t.Object({ role: t.String() }, { additionalProperties: true }), { minItems: 1 }) }, { additionalProperties: true }), parse: "json" },
  );
  console.log(`${requests.toLocaleString("en-US")} ${streaming ? "streamed (8 chunks)" : "non-streaming"} chat completions per run, after a warm-up`);
  await measure("minimal Elysia proxy", minimal, "bench/gpt-4o-mini");
  await measure("gateway", createApp(runtime), "bench/gpt-4o-mini");
  runtime.close();
} finally {
  globalThis.fetch = realFetch;
  rmSync(directory, { recursive: true, force: true });
}
