// "Test connection": one tiny chat request sent through the gateway's own request path (the same resolution,
// translation and upstream code a client gets), answering with the latency or the exact error the client would see.
import { t, type Static } from "elysia";
import { GatewayError, InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { handleModelRequest } from "../../gateway/handle-model-request.ts";
import type { Connection } from "../../gateway/connection-registry.ts";

export const ConnectionTestResult = t.Object({
  ok: t.Boolean(),
  model: t.String(),
  latencyMs: t.Number(),
  status: t.Integer(),
  route: t.Union([t.String(), t.Null()]),
  reply: t.Union([t.String(), t.Null()]),
  error: t.Union([t.Object({ message: t.String(), code: t.Union([t.String(), t.Null()]) }), t.Null()]),
});
export type ConnectionTestResult = Static<typeof ConnectionTestResult>;

const testTimeoutMs = 30_000;

export async function testConnection(runtime: GatewayRuntime, connection: Connection, model: string | undefined): Promise<ConnectionTestResult> {
  const modelId = model ?? connection.models[0];
  if (!modelId) throw new InvalidRequestError(`Connection "${connection.name}" lists no models yet; name one to test with.`, "model_required", "model");
  const requestedModel = `${connection.name}/${modelId}`;
  const body = { model: requestedModel, messages: [{ role: "user", content: "Reply with the word OK." }], max_tokens: 16 };
  const request = new Request("http://amrouter.internal/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    signal: AbortSignal.timeout(testTimeoutMs),
  });
  const started = performance.now();
  try {
    const response = await handleModelRequest(runtime, { format: "openai-chat", body, requestedModel, stream: false, request });
    const payload = (await response.json()) as { choices?: Array<{ message?: { content?: unknown } }>; error?: { message?: string; code?: string } };
    const latencyMs = Math.round(performance.now() - started);
    if (!response.ok) {
      return { ok: false, model: modelId, latencyMs, status: response.status, route: null, reply: null, error: { message: payload.error?.message ?? `HTTP ${response.status}`, code: payload.error?.code ?? null } };
    }
    const content = payload.choices?.[0]?.message?.content;
    return {
      ok: true,
      model: modelId,
      latencyMs,
      status: response.status,
      route: response.headers.get("x-amrouter-route"),
      reply: typeof content === "string" ? content.slice(0, 200) : null,
      error: null,
    };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    if (error instanceof GatewayError) return { ok: false, model: modelId, latencyMs, status: error.status, route: null, reply: null, error: { message: error.message, code: error.code } };
    return { ok: false, model: modelId, latencyMs, status: 500, route: null, reply: null, error: { message: (error as Error).message, code: null } };
  }
}
