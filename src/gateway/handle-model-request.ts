// The core of every model call, whatever surface it came in on: resolve the model to candidates, try them in
// order, and answer in the client's format: bytes passed through when the upstream speaks it, translated
// through the IR otherwise (JSON or stream). Every request, served or failed, leaves one usage record.
import { GatewayError, InvalidRequestError } from "../errors/gateway-errors.ts";
import { codecFor } from "../protocol/codecs.ts";
import type { FormatCodec, UpstreamTarget } from "../protocol/format-codec.ts";
import type { FormatId, IrRequest, IrResponse, IrUsage } from "../protocol/ir.ts";
import type { JsonObject } from "../protocol/json-values.ts";
import { passthroughEventFilter, passthroughRequest, type PassthroughContext } from "../protocol/passthrough-request.ts";
import { createStreamAccumulator } from "../protocol/stream-accumulator.ts";
import { resolveModel } from "../routing/resolve-model.ts";
import type { ApiKeyIdentity } from "../security/api-key-registry.ts";
import { renewAccessToken, routeUpstreamRequest, upstreamFormatFor } from "../upstream/family-routing.ts";
import { sendUpstreamWithLoginRetry } from "./send-upstream-with-login-retry.ts";
import { runAttempts } from "./attempt-loop.ts";
import { compactConversation } from "./compact-conversation.ts";
import type { RoutingCandidate } from "../routing/routing-strategy.ts";
import { relayedFrom } from "../routing/strategies/index.ts";
import { cacheKeyFor } from "../cache/cache-key.ts";
import { cacheDecision } from "../cache/cache-policy.ts";
import { replayCachedResponse } from "../cache/replay-cached-response.ts";
import { buildCapture } from "../usage/capture-bodies.ts";
import { estimateRequestTokens, estimateTextTokens } from "./estimate-tokens.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";
import { trackRequestUsage, type RequestUsage } from "./request-usage.ts";
import { routeHeaders } from "./route-headers.ts";
import { requestFacts } from "./request-facts.ts";
import { planRoute, strategyOf } from "./route-planner.ts";
import { createStreamPipeline } from "./stream-pipeline.ts";

export type ModelRequest = {
  format: FormatId;
  body: JsonObject;
  requestedModel: string;
  stream: boolean;
  /** OpenAI Chat: the client asked for usage in the stream. */
  includeUsage?: boolean;
  /** Gemini: `json-array` when the client called streamGenerateContent without alt=sse. */
  framing?: "sse" | "json-array";
  passthrough?: PassthroughContext;
  request: Request;
  apiKey?: ApiKeyIdentity;
  /** Adjusts the decoded IR before it goes upstream (the Responses surface adds stored history). */
  prepareIr?(ir: IrRequest): IrRequest;
  /** Sees the finished response (JSON, or the accumulated stream) in IR form. */
  onComplete?(response: IrResponse, ir: IrRequest | undefined): void;
};

const utf8 = new TextDecoder();

type Attempt = { upstream: Response; translated: boolean; upstreamCodec: FormatCodec };

function targetFor(candidate: RoutingCandidate): UpstreamTarget {
  return { model: candidate.model, maxOutputTokens: candidate.maxOutput, quirks: candidate.connection.provider.quirks };
}

function streamContentType(request: ModelRequest): string {
  return request.framing === "json-array" ? "application/json" : "text/event-stream";
}

export async function handleModelRequest(runtime: GatewayRuntime, request: ModelRequest): Promise<Response> {
  const clientCodec = codecFor(request.format);
  if (!clientCodec) throw new InvalidRequestError(`The ${request.format} surface is not available yet.`);
  const tracker = trackRequestUsage(runtime.usage, { clientFormat: request.format, requestedModel: request.requestedModel, stream: request.stream, apiKey: request.apiKey });
  let attempts = 0;
  let comboName: string | undefined;
  let lastCandidate: RoutingCandidate | undefined;
  const cacheKey = cacheKeyOf(runtime, request);
  /** Present while this request leads a coalesced group: settles what identical concurrent requests wait for. */
  let settleLeader: ((response: IrResponse | undefined) => void) | undefined;
  if (cacheKey) {
    const hit = runtime.cache.get(cacheKey);
    if (hit) return serveWhole(clientCodec, tracker, request, hit, "hit");
    const deferred = Promise.withResolvers<IrResponse>();
    const run = runtime.coalescer.run(cacheKey, () => deferred.promise);
    if (run.leader) {
      settleLeader = (response) => {
        settleLeader = undefined;
        if (response) {
          runtime.cache.set(cacheKey, response);
          deferred.resolve(response);
        } else deferred.reject(new Error("the leading request did not complete"));
      };
    } else {
      try {
        return serveWhole(clientCodec, tracker, request, await run.result, "coalesced");
      } catch {
        // The leader failed: this request goes upstream on its own.
      }
    }
  }
  try {
    if (request.apiKey) {
      tracker.releaseOnComplete(runtime.keyLimiter.admit(request.apiKey.id, request.apiKey.limits, Date.now(), request.apiKey.name));
    }
    const resolution = resolveModel(request.requestedModel, runtime.connections, runtime.combos);
    comboName = resolution.combo?.name;
    const plan = planRoute(runtime, resolution, requestFacts(strategyOf(resolution), request.body, request.request.headers, resolution.combo?.stickySessionHeader));
    const timeoutMs = resolution.combo?.timeoutMs ?? runtime.settings.upstreamTimeoutMs;
    let ir: IrRequest | undefined;
    const decodedIr = () => {
      if (!ir) {
        const decoded = clientCodec.decodeRequest(request.body);
        decoded.model = request.requestedModel;
        decoded.stream = request.stream;
        ir = request.prepareIr ? request.prepareIr(decoded) : decoded;
      }
      return ir;
    };
    if (request.prepareIr) decodedIr();
    const passthroughContext: PassthroughContext = request.passthrough ?? { stream: request.stream, clientAskedForUsage: request.includeUsage };

    const attempt = async (candidate: RoutingCandidate): Promise<Attempt> => {
      attempts++;
      lastCandidate = candidate;
      const relayed = plan.strategy === "context-relay" ? relayedFrom({ comboName: plan.comboName ?? "", request: plan.facts, state: runtime.selection, now: Date.now(), random: Math.random }, candidate.key) : undefined;
      const family = candidate.connection.provider.family;
      const upstreamFormat = upstreamFormatFor(candidate.connection, candidate.model);
      const upstreamCodec = upstreamFormat ? codecFor(upstreamFormat) : undefined;
      if (!upstreamCodec) throw new GatewayError(`Connection ${candidate.connection.name} speaks ${family}, which is not supported yet.`, 501, "unavailable", "family_not_supported");
      const translated = upstreamFormat !== request.format || request.prepareIr !== undefined || relayed !== undefined;
      const target = targetFor(candidate);
      const encoded = translated
        ? upstreamCodec.encodeRequest(relayed && candidate.contextWindow ? compactConversation(decodedIr(), candidate.contextWindow, candidate.maxOutput) : decodedIr(), target)
        : passthroughRequest[request.format](request.body, target, passthroughContext);
      const familyCall = { connection: candidate.connection, model: candidate.model, stream: request.stream, timeoutMs, signal: request.request.signal };
      const routing = routeUpstreamRequest(familyCall, encoded);
      const routed = routing instanceof Promise ? await routing : routing;
      const upstream = await sendUpstreamWithLoginRetry(runtime, {
        connection: candidate.connection,
        method: "POST",
        path: routed.path,
        body: JSON.stringify(routed.body),
        clientHeaders: request.request.headers,
        clientSignal: request.request.signal,
        timeoutMs,
        accessToken: routed.accessToken,
        renewAccessToken: routed.accessToken ? (rejected) => renewAccessToken(familyCall, rejected) : undefined,
      });
      return { upstream, translated, upstreamCodec };
    };

    const { result, candidate, slot } = await runAttempts(runtime, plan, attempt, request.request.signal);
    tracker.releaseOnComplete(slot);
    const { upstream, translated, upstreamCodec } = result;
    // A plain record: the Response copies it once, where a Headers object would be built and then copied.
    const headers = routeHeaders(candidate, attempts, resolution.combo ? plan.strategy : undefined, tracker.requestId);
    const requestId = upstream.headers.get("x-request-id") ?? upstream.headers.get("request-id") ?? upstream.headers.get("x-amzn-requestid");
    if (requestId) headers["x-request-id"] = requestId;
    const finish = (usage: IrUsage | undefined, status = 200, errorCode: string | null = null) =>
      tracker.complete({ candidate, combo: comboName, attempts, status, errorCode, usage });

    if (request.stream) {
      headers["content-type"] = translated ? streamContentType(request) : (upstream.headers.get("content-type") ?? streamContentType(request));
      headers["cache-control"] = "no-cache";
      headers["x-accel-buffering"] = "no";
      const accumulator = createStreamAccumulator();
      const body = createStreamPipeline({
        upstream: upstream.body!,
        decoder: upstreamCodec.createStreamDecoder(),
        encoder: translated ? clientCodec.createStreamEncoder({ requestedModel: request.requestedModel, includeUsage: request.includeUsage ?? false, framing: request.framing }) : undefined,
        createFailureEncoder: translated ? undefined : () => clientCodec.createStreamEncoder({ requestedModel: request.requestedModel, includeUsage: false, framing: request.framing }),
        dropEvent: translated ? undefined : passthroughEventFilter(request.format, passthroughContext),
        idleTimeoutMs: runtime.settings.streamIdleTimeoutMs,
        totalTimeoutMs: runtime.settings.requestTimeoutMs,
        onEvent: (event) => {
          if (event.type !== "start") tracker.markFirstToken();
          accumulator.add(event);
        },
        onClose: ({ completed, clientAborted }) => {
          const response = accumulator.result();
          const usage =
            accumulator.usage ??
            estimateUsage(decodedIr, response.parts.map((part) => (part.type === "text" || part.type === "reasoning" ? part.text : part.type === "tool-call" ? part.arguments : "")).join(""));
          if (clientAborted) finish(usage, 499, "client_closed_request");
          else if (!completed || accumulator.error) finish(usage, 502, "upstream_stream_failed");
          else finish(usage);
          const succeeded = completed && !accumulator.error && !clientAborted;
          if (runtime.live.captureBodies) captureBodies(runtime, tracker.requestId, request, JSON.stringify(response));
          settleLeader?.(succeeded ? response : undefined);
          if (succeeded) request.onComplete?.(response, ir);
        },
      });
      return new Response(body, { status: 200, headers });
    }

    if (!translated && !request.onComplete && !cacheKey) {
      headers["content-type"] = upstream.headers.get("content-type") ?? "application/json";
      const bytes = await upstream.bytes();
      const text = utf8.decode(bytes);
      let usage: IrUsage | undefined;
      try {
        usage = upstreamCodec.decodeResponse(JSON.parse(text)).usage;
      } catch {
        usage = undefined;
      }
      finish(usage ?? estimateUsage(decodedIr, ""));
      if (runtime.live.captureBodies) captureBodies(runtime, tracker.requestId, request, text);
      return new Response(bytes, { status: upstream.status, headers });
    }
    const upstreamJson: unknown = await upstream.json().catch(() => {
      throw new GatewayError(`Upstream ${candidate.connection.name} sent a response that is not JSON.`, 502, "upstream", "invalid_upstream_response");
    });
    const irResponse = upstreamCodec.decodeResponse(upstreamJson);
    settleLeader?.(irResponse);
    finish(irResponse.usage ?? estimateUsage(decodedIr, irResponse.parts.map((part) => (part.type === "text" ? part.text : "")).join("")));
    request.onComplete?.(irResponse, ir);
    const clientJson = translated ? clientCodec.encodeResponse(irResponse, { requestedModel: request.requestedModel }) : upstreamJson;
    if (runtime.live.captureBodies) captureBodies(runtime, tracker.requestId, request, JSON.stringify(clientJson));
    return Response.json(clientJson, { headers });
  } catch (error) {
    settleLeader?.(undefined);
    if (runtime.live.captureBodies) captureBodies(runtime, tracker.requestId, request, error instanceof Error ? JSON.stringify({ error: error.message }) : undefined);
    const status = error instanceof GatewayError ? error.status : 500;
    tracker.complete({ candidate: lastCandidate, combo: comboName, attempts, status, errorCode: error instanceof GatewayError ? error.code : "internal_error" });
    throw error;
  }
}

/** Answers from the response cache (a hit, or the result a coalesced group's leader shared). */
function serveWhole(clientCodec: FormatCodec, tracker: RequestUsage, request: ModelRequest, response: IrResponse, marker: string): Response {
  if (request.stream) tracker.markFirstToken();
  tracker.complete({ attempts: 0, status: 200, usage: response.usage, cacheHit: true });
  request.onComplete?.(response, undefined);
  return replayCachedResponse({ codec: clientCodec, response, requestedModel: request.requestedModel, stream: request.stream, includeUsage: request.includeUsage, framing: request.framing, marker, headers: { "x-amrouter-request-id": tracker.requestId } });
}

/** Usage the upstream did not report, counted by the gateway and marked as an estimate. */
function estimateUsage(decodedIr: () => IrRequest, outputText: string): IrUsage | undefined {
  try {
    return { inputTokens: estimateRequestTokens(decodedIr()), outputTokens: estimateTextTokens(outputText), estimated: true };
  } catch {
    return undefined;
  }
}

/** Keeps the request's bodies for the request log when body capture is on. */
function captureBodies(runtime: GatewayRuntime, requestId: string, request: ModelRequest, responseBody: string | undefined): void {
  runtime.usage.capture(buildCapture(requestId, request.request.headers, request.body, responseBody));
}

/** The response-cache key for this request, or undefined when the cache does not apply to it. */
function cacheKeyOf(runtime: GatewayRuntime, request: ModelRequest): string | undefined {
  if (!runtime.live.cacheEnabled) return undefined;
  const decision = cacheDecision({ body: request.body, headers: request.request.headers, settings: { enabled: runtime.live.cacheEnabled, cacheNonDeterministic: false } });
  if (!decision.use) return undefined;
  return cacheKeyFor(request.format, request.requestedModel, request.body, String(request.apiKey?.id ?? ""));
}
