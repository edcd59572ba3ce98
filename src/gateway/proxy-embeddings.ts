// POST /v1/embeddings: proxied like chat, and answered in the encoding the client asked for even when the
// upstream only returns float arrays (the openai SDK asks for base64 by default).
import type { Candidate } from "../routing/resolve-model.ts";
import { resolveModel } from "../routing/resolve-model.ts";
import { sendUpstreamWithLoginRetry } from "./send-upstream-with-login-retry.ts";
import { runAttempts } from "./attempt-loop.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";
import { routeHeaders } from "./route-headers.ts";
import { requestFacts } from "./request-facts.ts";
import { planRoute, strategyOf } from "./route-planner.ts";
import { trackRequestUsage } from "./request-usage.ts";
import type { ApiKeyIdentity } from "../security/api-key-registry.ts";
import { GatewayError } from "../errors/gateway-errors.ts";

export type EmbeddingsBody = Record<string, unknown> & { model: string; input: unknown; encoding_format?: string };

type EmbeddingsResponse = { data?: Array<{ embedding?: unknown }>; usage?: { prompt_tokens?: number } };

export function floatsToBase64(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString("base64");
}

export async function proxyEmbeddings(runtime: GatewayRuntime, body: EmbeddingsBody, request: Request, apiKey: ApiKeyIdentity | undefined): Promise<Response> {
  const tracker = trackRequestUsage(runtime.usage, { clientFormat: "openai-embeddings", requestedModel: body.model, stream: false, apiKey });
  let attempts = 0;
  try {
    if (apiKey) {
      tracker.releaseOnComplete(runtime.keyLimiter.admit(apiKey.id, apiKey.limits, Date.now(), apiKey.name));
    }
    return await embed(runtime, body, request, tracker, () => ++attempts);
  } catch (error) {
    tracker.complete({ attempts, status: error instanceof GatewayError ? error.status : 500, errorCode: error instanceof GatewayError ? error.code : "internal_error" });
    throw error;
  }
}

async function embed(runtime: GatewayRuntime, body: EmbeddingsBody, request: Request, tracker: ReturnType<typeof trackRequestUsage>, countAttempt: () => number): Promise<Response> {
  const resolution = resolveModel(body.model, runtime.connections, runtime.combos);
  let attempts = 0;
  const send = (candidate: Candidate) => {
    attempts = countAttempt();
    return sendUpstreamWithLoginRetry(runtime, {
      connection: candidate.connection,
      method: "POST",
      path: "/embeddings",
      body: JSON.stringify({ ...body, model: candidate.model }),
      clientHeaders: request.headers,
      clientSignal: request.signal,
      timeoutMs: runtime.settings.upstreamTimeoutMs,
    });
  };
  const plan = planRoute(runtime, resolution, requestFacts(strategyOf(resolution), body, request.headers, resolution.combo?.stickySessionHeader));
  const { result, candidate, slot } = await runAttempts(runtime, plan, async (candidate) => ({ upstream: await send(candidate) }), request.signal);
  tracker.releaseOnComplete(slot);
  const upstream = result.upstream;
  const headers = routeHeaders(candidate, attempts, resolution.combo ? plan.strategy : undefined, tracker.requestId);
  const parsed = (await upstream.json()) as EmbeddingsResponse;
  const inputTokens = parsed.usage?.prompt_tokens ?? 0;
  tracker.complete({ candidate, combo: resolution.combo?.name, attempts, status: 200, usage: { inputTokens, outputTokens: 0 } });
  if (body.encoding_format !== "base64") return Response.json(parsed, { headers });
  for (const item of parsed.data ?? []) {
    if (Array.isArray(item.embedding)) item.embedding = floatsToBase64(item.embedding as number[]);
  }
  return Response.json(parsed, { headers });
}
