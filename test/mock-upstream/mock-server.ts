// A fake upstream LLM provider for the test suite: a real HTTP server on 127.0.0.1 (random port) that records
// every request before answering and routes it to a wire-format handler: OpenAI Chat Completions, embeddings,
// models and Responses; Anthropic Messages; Gemini generateContent / streamGenerateContent and model listing;
// Ollama's native /api/chat (NDJSON streams) and /api/tags; Cohere's v2 chat; Bedrock's Converse and
// ConverseStream (binary event stream, Bearer or SigV4); Vertex AI (Gemini and Claude), watsonx.ai chat and
// Gemini Code Assist, with the Google and IBM IAM token endpoints they exchange credentials at.
// Each route's wire protocol decides authentication and the shape of errors raised before the handler runs.
// Behaviour per request is chosen by the model name; see scenarios.ts.

import { handleMessages } from "./anthropic-messages.ts";
import { handleConverse } from "./bedrock-converse.ts";
import { bedrockProtocol } from "./bedrock-errors.ts";
import { createCloudAccounts, type CloudAccounts } from "./cloud-accounts.ts";
import { handleGoogleToken, handleIamToken } from "./cloud-token-endpoints.ts";
import { handleCodeAssist, handleCodeAssistOperation } from "./code-assist.ts";
import { googleCloudProtocol, handleVertex, vertexRoutePattern } from "./vertex.ts";
import { handleWatsonxChat, watsonxProtocol } from "./watsonx.ts";
import { handleCohereChat } from "./cohere-chat.ts";
import { cohereProtocol } from "./cohere-errors.ts";
import { handleGenerateContent, handleStreamGenerateContent } from "./gemini-generate.ts";
import { handleGeminiGetModel, handleGeminiListModels } from "./gemini-models.ts";
import type { HandlerContext, RouteHandler } from "./handler-context.ts";
import { handleChatCompletions } from "./openai-chat.ts";
import { handleEmbeddings } from "./openai-embeddings.ts";
import { handleListModels } from "./openai-models.ts";
import { handleOllamaChat, handleOllamaTags } from "./ollama-chat.ts";
import { ollamaProtocol } from "./ollama-errors.ts";
import { handleResponses } from "./openai-responses.ts";
import {
  anthropicProtocol,
  geminiProtocol,
  hasBearerKey,
  hasGeminiKey,
  openAIProtocol,
  protocolForUnknownPath,
  type IncomingRequest,
  type WireProtocol,
} from "./wire-protocols.ts";

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
  /** Service accounts, issued cloud tokens and their revocation (cloud-accounts.ts). */
  cloud: CloudAccounts;
  /** How many requests were cut off by their client (the gateway) before the mock finished answering. */
  abortedCount(): number;
  reset(): void;
  stop(): Promise<void>;
};

type Route = {
  method: string;
  /** A fixed path, or a pattern whose named groups become the handler's (URL-decoded) pathParameters. */
  path: string | RegExp;
  protocol: WireProtocol;
  handler: RouteHandler;
  expectsJsonBody: boolean;
  /** An extra condition, for a path that two formats share (`GET /v1/models`). */
  accepts?: (request: IncomingRequest) => boolean;
};

/** Gemini's key without an OpenAI bearer token: the request is meant for Gemini's `/v1/` API. */
const isGeminiOnlyRequest = (request: IncomingRequest) => hasGeminiKey(request) && !hasBearerKey(request.headers);

const routes: Route[] = [
  // OpenAI
  { method: "POST", path: "/v1/chat/completions", protocol: openAIProtocol, handler: handleChatCompletions, expectsJsonBody: true },
  { method: "POST", path: "/v1/embeddings", protocol: openAIProtocol, handler: handleEmbeddings, expectsJsonBody: true },
  { method: "POST", path: "/v1/responses", protocol: openAIProtocol, handler: handleResponses, expectsJsonBody: true },
  { method: "GET", path: "/v1/models", protocol: geminiProtocol, handler: handleGeminiListModels, expectsJsonBody: false, accepts: isGeminiOnlyRequest },
  { method: "GET", path: "/v1/models", protocol: openAIProtocol, handler: handleListModels, expectsJsonBody: false },
  // Anthropic
  { method: "POST", path: "/v1/messages", protocol: anthropicProtocol, handler: handleMessages, expectsJsonBody: true },
  // Gemini (v1beta is the SDK default; v1 serves the same)
  {
    method: "POST",
    path: /^\/(?<apiVersion>v1beta|v1)\/models\/(?<model>.+):generateContent$/,
    protocol: geminiProtocol,
    handler: handleGenerateContent,
    expectsJsonBody: true,
  },
  {
    method: "POST",
    path: /^\/(?<apiVersion>v1beta|v1)\/models\/(?<model>.+):streamGenerateContent$/,
    protocol: geminiProtocol,
    handler: handleStreamGenerateContent,
    expectsJsonBody: true,
  },
  { method: "GET", path: "/v1beta/models", protocol: geminiProtocol, handler: handleGeminiListModels, expectsJsonBody: false },
  { method: "GET", path: /^\/v1beta\/models\/(?<model>[^:]+)$/, protocol: geminiProtocol, handler: handleGeminiGetModel, expectsJsonBody: false },
  {
    method: "GET",
    path: /^\/v1\/models\/(?<model>[^:]+)$/,
    protocol: geminiProtocol,
    handler: handleGeminiGetModel,
    expectsJsonBody: false,
    accepts: isGeminiOnlyRequest,
  },
  // Ollama native API (no /v1) and Cohere v2 chat
  { method: "POST", path: "/api/chat", protocol: ollamaProtocol, handler: handleOllamaChat, expectsJsonBody: true },
  { method: "GET", path: "/api/tags", protocol: ollamaProtocol, handler: handleOllamaTags, expectsJsonBody: false },
  { method: "POST", path: "/v2/chat", protocol: cohereProtocol, handler: handleCohereChat, expectsJsonBody: true },
  // Amazon Bedrock Converse (the model id is URL-encoded: it holds ":")
  { method: "POST", path: /^\/model\/(?<modelId>[^/]+)\/(?<operation>converse|converse-stream)$/, protocol: bedrockProtocol, handler: handleConverse, expectsJsonBody: true },
  // Google Cloud: Vertex AI, Code Assist and the OAuth token endpoint; IBM: watsonx.ai chat and IAM
  { method: "POST", path: vertexRoutePattern, protocol: googleCloudProtocol, handler: handleVertex, expectsJsonBody: true },
  { method: "POST", path: /^\/v1internal:(?<method>\w+)$/, protocol: googleCloudProtocol, handler: handleCodeAssist, expectsJsonBody: true },
  { method: "GET", path: /^\/v1internal\/(?<operation>operations\/.+)$/, protocol: googleCloudProtocol, handler: handleCodeAssistOperation, expectsJsonBody: false },
  { method: "POST", path: "/token", protocol: openFormProtocol(), handler: handleGoogleToken, expectsJsonBody: false },
  { method: "POST", path: "/identity/token", protocol: openFormProtocol(), handler: handleIamToken, expectsJsonBody: false },
  { method: "POST", path: /^\/ml\/v1\/text\/chat(_stream)?$/, protocol: watsonxProtocol, handler: handleWatsonxChat, expectsJsonBody: true },
];

/** Token endpoints: no bearer auth (the credential is in the form body). */
function openFormProtocol(): WireProtocol {
  return { ...googleCloudProtocol, rejectUnauthenticated: () => undefined };
}

type MatchedRoute = { route: Route; pathParameters: Record<string, string> };

function findRoute(method: string, request: IncomingRequest): MatchedRoute | undefined {
  const pathname = request.url.pathname;
  for (const route of routes) {
    if (route.method !== method) continue;
    if (route.accepts !== undefined && !route.accepts(request)) continue;
    if (typeof route.path === "string") {
      if (route.path === pathname) return { route, pathParameters: {} };
      continue;
    }
    const match = route.path.exec(pathname);
    if (match === null) continue;
    const pathParameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) pathParameters[name] = decodeURIComponent(value);
    return { route, pathParameters };
  }
  return undefined;
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
  const cloud = createCloudAccounts();
  const shutdown = new AbortController();
  let requestCount = 0;
  let responseCount = 0;
  let abortedCount = 0;

  async function answer(request: Request, requestId: string): Promise<{ response: Response; protocol: WireProtocol }> {
    const url = new URL(request.url);
    request.signal.addEventListener("abort", () => {
      if (!shutdown.signal.aborted) abortedCount++;
    }, { once: true });
    const headers = Object.fromEntries(request.headers.entries());
    const rawBody = await request.text();
    const body = parseBody(rawBody);
    requests.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      headers,
      body: body.ok ? body.value : body.raw,
    });

    const incoming: IncomingRequest = { headers, url };
    const matched = findRoute(request.method, incoming);
    const protocol = matched?.route.protocol ?? protocolForUnknownPath(url.pathname);
    const rejection = protocol.rejectUnauthenticated(incoming, requestId);
    if (rejection !== undefined) return { response: rejection, protocol };
    if (matched === undefined) return { response: protocol.unknownRouteResponse(request.method, url.pathname, requestId), protocol };
    if (matched.route.expectsJsonBody && !body.ok) return { response: protocol.invalidJsonResponse(requestId), protocol };

    const context: HandlerContext = {
      body: body.ok ? body.value : null,
      rawBody,
      cloud,
      headers,
      url,
      pathParameters: matched.pathParameters,
      requestId,
      signal: AbortSignal.any([request.signal, shutdown.signal]),
      nextResponseNumber: () => ++responseCount,
    };
    return { response: await matched.route.handler(context), protocol };
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    development: false,
    idleTimeout: 0,
    async fetch(request) {
      const requestId = `req_mock_${++requestCount}`;
      const { response, protocol } = await answer(request, requestId);
      response.headers.set("x-request-id", requestId);
      for (const [name, value] of Object.entries(protocol.responseHeaders(requestId))) response.headers.set(name, value);
      return response;
    },
  });

  const port = server.port;
  if (port === undefined) throw new Error("mock upstream did not get a port");

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    cloud,
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
