// POST /v1/chat/completions toward an OpenAI-compatible upstream: resolve the model, try candidates, and pipe
// the upstream body (JSON or SSE) to the client as it arrives.
import type { Candidate } from "../routing/resolve-model.ts";
import { resolveModel } from "../routing/resolve-model.ts";
import { applyChatQuirks } from "../upstream/openai-chat-quirks.ts";
import { sendUpstream } from "../upstream/send-upstream.ts";
import { runAttempts } from "./attempt-loop.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";
import { routeHeaders } from "./route-headers.ts";

export type ChatCompletionBody = Record<string, unknown> & { model: string; messages: unknown[]; stream?: boolean };

export async function proxyChatCompletion(runtime: GatewayRuntime, body: ChatCompletionBody, request: Request): Promise<Response> {
  const resolution = resolveModel(body.model, runtime.connections, runtime.combos);
  const timeoutMs = resolution.combo?.timeoutMs ?? runtime.settings.upstreamTimeoutMs;
  const send = (candidate: Candidate) =>
    sendUpstream({
      connection: candidate.connection,
      method: "POST",
      path: "/chat/completions",
      body: JSON.stringify(applyChatQuirks({ ...body, model: candidate.model }, candidate.connection.provider.quirks)),
      clientHeaders: request.headers,
      clientSignal: request.signal,
      timeoutMs,
    });
  const { result: upstream, candidate, attempts } = await runAttempts(resolution, send);
  const headers = new Headers(routeHeaders(candidate, attempts, resolution.combo?.strategy));
  headers.set("content-type", upstream.headers.get("content-type") ?? (body.stream ? "text/event-stream" : "application/json"));
  if (body.stream) {
    headers.set("cache-control", "no-cache");
    headers.set("x-accel-buffering", "no");
  }
  const requestId = upstream.headers.get("x-request-id");
  if (requestId) headers.set("x-request-id", requestId);
  return new Response(upstream.body, { status: upstream.status, headers });
}
