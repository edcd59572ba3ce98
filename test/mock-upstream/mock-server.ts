// A fake upstream LLM provider for the test suite: a real HTTP server on 127.0.0.1 (random port) that records
// every request before answering and routes it to a wire-format handler (OpenAI Chat Completions, embeddings and
// models today; Anthropic, Gemini and Responses handlers can be added as sibling modules and routes below).
// Behaviour per request is chosen by the model name; see scenarios.ts.

import type { HandlerContext, RouteHandler } from "./handler-context.ts";
import { handleChatCompletions } from "./openai-chat.ts";
import { handleEmbeddings } from "./openai-embeddings.ts";
import { invalidApiKeyResponse, invalidJsonResponse, unknownRouteResponse } from "./openai-errors.ts";
import { handleListModels } from "./openai-models.ts";

export type RecordedRequest = {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: unknown;
};

export type MockUpstream = {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** How many requests were cut off by their client (the gateway) before the mock finished answering. */
  abortedCount(): number;
  reset(): void;
  stop(): Promise<void>;
};

type Route = { method: string; path: string; handler: RouteHandler; expectsJsonBody: boolean };

const routes: Route[] = [
  { method: "POST", path: "/v1/chat/completions", handler: handleChatCompletions, expectsJsonBody: true },
  { method: "POST", path: "/v1/embeddings", handler: handleEmbeddings, expectsJsonBody: true },
  { method: "GET", path: "/v1/models", handler: handleListModels, expectsJsonBody: false },
];

/** OpenAI-style bearer auth: any non-empty key is accepted. */
function hasBearerKey(headers: Record<string, string>): boolean {
  return /^Bearer\s+\S+/i.test(headers["authorization"] ?? "");
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; raw: string };

function parseBody(raw: string): ParsedBody {
  if (raw.length === 0) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, raw };
  }
}

export async function startMockUpstream(): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  const shutdown = new AbortController();
  let requestCount = 0;
  let responseCount = 0;
  let abortedCount = 0;

  async function answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    request.signal.addEventListener("abort", () => {
      if (!shutdown.signal.aborted) abortedCount++;
    }, { once: true });
    const headers = Object.fromEntries(request.headers.entries());
    const body = parseBody(await request.text());
    requests.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      headers,
      body: body.ok ? body.value : body.raw,
    });

    if (!hasBearerKey(headers)) return invalidApiKeyResponse();
    const route = routes.find((candidate) => candidate.method === request.method && candidate.path === url.pathname);
    if (route === undefined) return unknownRouteResponse(request.method, url.pathname);
    if (route.expectsJsonBody && !body.ok) return invalidJsonResponse();

    const context: HandlerContext = {
      body: body.ok ? body.value : null,
      headers,
      signal: AbortSignal.any([request.signal, shutdown.signal]),
      nextResponseNumber: () => ++responseCount,
    };
    return route.handler(context);
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    development: false,
    idleTimeout: 0,
    async fetch(request) {
      const requestNumber = ++requestCount;
      const response = await answer(request);
      response.headers.set("x-request-id", `req_mock_${requestNumber}`);
      return response;
    },
  });

  const port = server.port;
  if (port === undefined) throw new Error("mock upstream did not get a port");

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    abortedCount: () => abortedCount,
    reset() {
      abortedCount = 0;
      requests.length = 0;
      requestCount = 0;
      responseCount = 0;
    },
    async stop() {
      shutdown.abort();
      await server.stop(true);
    },
  };
}
