// POST /v1/embeddings: proxied like chat, and answered in the encoding the client asked for even when the
// upstream only returns float arrays (the openai SDK asks for base64 by default).
import type { Candidate } from "../routing/resolve-model.ts";
import { resolveModel } from "../routing/resolve-model.ts";
import { sendUpstream } from "../upstream/send-upstream.ts";
import { runAttempts } from "./attempt-loop.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";
import { routeHeaders } from "./route-headers.ts";

export type EmbeddingsBody = Record<string, unknown> & { model: string; input: unknown; encoding_format?: string };

type EmbeddingsResponse = { data?: Array<{ embedding?: unknown }> };

export function floatsToBase64(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString("base64");
}

export async function proxyEmbeddings(runtime: GatewayRuntime, body: EmbeddingsBody, request: Request): Promise<Response> {
  const resolution = resolveModel(body.model, runtime.connections, runtime.combos);
  const send = (candidate: Candidate) =>
    sendUpstream({
      connection: candidate.connection,
      method: "POST",
      path: "/embeddings",
      body: JSON.stringify({ ...body, model: candidate.model }),
      clientHeaders: request.headers,
      clientSignal: request.signal,
      timeoutMs: runtime.settings.upstreamTimeoutMs,
    });
  const { result: upstream, candidate, attempts } = await runAttempts(resolution, send);
  const headers = routeHeaders(candidate, attempts, resolution.combo?.strategy);
  if (body.encoding_format !== "base64") return new Response(upstream.body, { status: upstream.status, headers: { ...headers, "content-type": "application/json" } });
  const parsed = (await upstream.json()) as EmbeddingsResponse;
  for (const item of parsed.data ?? []) {
    if (Array.isArray(item.embedding)) item.embedding = floatsToBase64(item.embedding as number[]);
  }
  return Response.json(parsed, { headers });
}
