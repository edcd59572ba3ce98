// `amrouter providers test NAME`: one tiny request ("Reply with OK", 5 tokens) straight to a connection's upstream
// in the connection's own wire format, through the gateway's codecs and upstream sender, reporting the latency
// and the reply, or the exact error (status, code and the upstream's message, credentials redacted).
import { embeddedCatalog } from "../catalog/catalog.ts";
import { GatewayError } from "../errors/gateway-errors.ts";
import { createConnectionRegistry, type Connection } from "../gateway/connection-registry.ts";
import { createLogger } from "../logging/logger.ts";
import { codecFor } from "../protocol/codecs.ts";
import { listUpstreamModels } from "../upstream/list-upstream-models.ts";
import type { IrRequest } from "../protocol/ir.ts";
import { createCredentialCipher } from "../security/credential-encryption.ts";
import { redactSecrets } from "../security/redact-secrets.ts";
import { findConnectionRow } from "../storage/repositories/connections-repository.ts";
import { listConnectionRows } from "../storage/registry-rows.ts";
import { routeUpstreamRequest, upstreamFormatFor } from "../upstream/family-routing.ts";
import { sendUpstream } from "../upstream/send-upstream.ts";
import type { CommandContext } from "./command-context.ts";

export const defaultTestTimeoutMs = 15_000;

export type ProbeResult = {
  ok: boolean;
  connection: string;
  /** The model id sent upstream; null when none could be chosen. */
  model: string | null;
  latencyMs: number;
  /** The upstream's HTTP status; 504 for a timeout, 502 when unreachable, 0 when nothing was sent. */
  status: number;
  reply: string | null;
  finishReason: string | null;
  error: { message: string; code: string | null; timedOut: boolean } | null;
};

export type ProbeOptions = { model?: string; timeoutMs?: number };

function failure(connection: Connection, model: string | null, status: number, message: string, code: string | null, latencyMs = 0, timedOut = false): ProbeResult {
  return { ok: false, connection: connection.name, model, latencyMs, status, reply: null, finishReason: null, error: { message: redactSecrets(message), code, timedOut } };
}

/** Asks the upstream which models it serves, in its family's own listing format. Empty when it cannot say. */
/** Chooses the model to test with: the one asked for, else the connection's first, else the upstream's first. */
export async function chooseTestModel(connection: Connection, options: ProbeOptions): Promise<string | undefined> {
  if (options.model) return options.model;
  if (connection.models[0]) return connection.models[0];
  return (await listUpstreamModels(connection, options.timeoutMs ?? defaultTestTimeoutMs).catch(() => []))[0];
}

/** Sends the tiny test request to one connection. Never throws: every failure becomes a result with its reason. */
export async function probeConnection(connection: Connection, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? defaultTestTimeoutMs;
  if (connection.problem) return failure(connection, options.model ?? null, 0, `Connection "${connection.name}" cannot be used: ${connection.problem}`, "connection_problem");
  const family = connection.provider.family;
  if (!connection.provider.usable) {
    return failure(connection, options.model ?? null, 0, `Connection "${connection.name}" speaks ${family}, which AmRouter does not support yet.`, "family_not_supported");
  }
  const model = await chooseTestModel(connection, options);
  if (!model) {
    return failure(connection, null, 0, `No model to test with: the catalog lists none for "${connection.provider.id}" and the upstream did not list any. Name one with --model.`, "model_required");
  }
  const wireFormat = upstreamFormatFor(connection, model);
  const codec = wireFormat ? codecFor(wireFormat) : undefined;
  if (!codec) return failure(connection, model, 0, `Connection "${connection.name}" cannot serve ${model}: AmRouter does not speak its format yet.`, "family_not_supported");
  const ir: IrRequest = {
    model,
    system: [],
    messages: [{ role: "user", parts: [{ type: "text", text: "Reply with OK" }] }],
    maxOutputTokens: 5,
    stream: false,
  };
  const catalogModel = connection.provider.models.find((entry) => entry.id === model);
  const encoded = codec.encodeRequest(ir, { model, maxOutputTokens: catalogModel?.maxOutput, quirks: connection.provider.quirks });

  // One deadline for the whole exchange: headers and body.
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutResult = () =>
    failure(connection, model, 504, `No answer from ${connection.name} (${connection.baseUrl}) within ${timeoutMs} ms.`, "upstream_timeout", elapsed(), true);
  try {
    const routed = await routeUpstreamRequest({ connection, model, stream: false, timeoutMs, signal: deadline.signal }, encoded);
    const response = await sendUpstream({ connection, method: "POST", path: routed.path, body: JSON.stringify(routed.body), clientSignal: deadline.signal, timeoutMs, accessToken: routed.accessToken });
    const text = await response.text();
    const latencyMs = elapsed();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return failure(connection, model, response.status, `The upstream answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`, "invalid_upstream_response", latencyMs);
    }
    const decoded = codec.decodeResponse(json);
    const reply = decoded.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
    return { ok: true, connection: connection.name, model, latencyMs, status: response.status, reply: redactSecrets(reply).slice(0, 200), finishReason: decoded.finishReason, error: null };
  } catch (error) {
    if (timedOut || (error instanceof GatewayError && error.code === "upstream_timeout")) return timeoutResult();
    if (error instanceof GatewayError) return failure(connection, model, error.status, error.message, error.code, elapsed());
    return failure(connection, model, 0, (error as Error).message ?? String(error), null, elapsed());
  } finally {
    clearTimeout(timer);
  }
}

/** What a failed probe usually means, as one line of advice. */
export function probeHint(result: ProbeResult): string | undefined {
  const code = result.error?.code;
  if (result.error?.timedOut) return "Check the base URL, or wait longer with --timeout-ms.";
  if (code === "connection_problem" && /environment variable/.test(result.error?.message ?? "")) return "Set the variable in the environment the gateway (and this command) runs in, or give the key itself.";
  if (code === "upstream_unavailable") return "Check the base URL and that the server is running.";
  if (result.status === 401 || result.status === 403) return "Check the key: run amrouter setup again with the same connection name to replace it.";
  if (result.status === 404) return "Check the model name (--model) and the base URL.";
  if (result.status === 429) return "The key works but is rate limited or out of quota.";
  return undefined;
}

export function formatProbeResult(result: ProbeResult): string[] {
  if (result.ok) {
    const finish = result.reply === "" && result.finishReason ? ` (no text; finish: ${result.finishReason})` : "";
    return [`ok  ${result.latencyMs} ms  ${result.model}  ${JSON.stringify(result.reply ?? "")}${finish}`];
  }
  const error = result.error!;
  const what = error.timedOut ? "timeout" : error.code === "upstream_unavailable" ? "unreachable" : result.status > 0 ? `HTTP ${result.status}${error.code ? ` (${error.code})` : ""}` : (error.code ?? "failed");
  const lines = [`error  ${what}${result.model ? `  ${result.model}` : ""}${result.latencyMs > 0 ? `  after ${result.latencyMs} ms` : ""}`, `  ${error.message}`];
  const hint = probeHint(result);
  if (hint) lines.push(`  ${hint}`);
  return lines;
}

export async function runProvidersTestCommand(
  context: CommandContext,
  name: string | undefined,
  flags: { model?: string; json?: boolean; timeoutMs?: number },
): Promise<number> {
  if (!name) {
    context.print("usage: amrouter providers test NAME [--model MODEL] [--timeout-ms N] [--json]");
    return 2;
  }
  const registry = createConnectionRegistry(context.storage, embeddedCatalog(), createCredentialCipher(context.settings.apiKeySecret), createLogger("error"));
  const connection = registry.byName(name);
  if (!connection) {
    const row = findConnectionRow(context.storage, name);
    if (row) context.print(`Connection "${name}" names provider "${row.provider}", which is not in the catalog.`);
    else {
      const names = listConnectionRows(context.storage.sqlite).map((each) => each.name);
      context.print(`No connection named "${name}".${names.length > 0 ? ` Configured: ${names.join(", ")}.` : " Add one with: amrouter setup"}`);
    }
    return 1;
  }
  const result = await probeConnection(connection, { model: flags.model, timeoutMs: flags.timeoutMs });
  if (flags.json) context.print(JSON.stringify(result));
  else {
    if (!connection.enabled) context.print(`note: "${name}" is disabled; the gateway does not route to it.`);
    for (const line of formatProbeResult(result)) context.print(line);
  }
  return result.ok ? 0 : 1;
}
