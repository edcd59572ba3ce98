// Follows one request from arrival to its last byte and records its usage once: status, route, attempts,
// latency, time to first token, tokens (estimated when the upstream reported none) and cost.
import type { IrUsage } from "../protocol/ir.ts";
import type { ApiKeyIdentity } from "../security/api-key-registry.ts";
import { computeCost } from "../usage/compute-cost.ts";
import type { UsageRecorder } from "../usage/usage-recorder.ts";
import type { RoutingCandidate } from "../routing/routing-strategy.ts";

export type RequestUsageBase = {
  clientFormat: string;
  requestedModel: string;
  stream: boolean;
  apiKey: ApiKeyIdentity | undefined;
};

export type RequestOutcome = {
  candidate?: RoutingCandidate;
  combo?: string;
  attempts: number;
  status: number;
  errorCode?: string | null;
  usage?: IrUsage;
  cacheHit?: boolean;
};

/** Anything holding a slot or a limit until the request ends: an admission, a connection slot. */
export type Releasable = { release(): void };

export type RequestUsage = {
  readonly requestId: string;
  readonly startedAt: number;
  markFirstToken(): void;
  /** Releases `held` once when the request completes (limit slots, connection slots). */
  releaseOnComplete(held: Releasable): void;
  complete(outcome: RequestOutcome): void;
};

/**
 * Request ids are UUIDv7 (time first), so the usage_records request_id index grows at its end instead of
 * splitting pages all over a large table, and ids sort in the order requests came in.
 */
export function newRequestId(): string {
  return `req_${Bun.randomUUIDv7("buffer").toString("hex")}`;
}

/** A class, not a closure per method: one object per request on the hot path. */
class RequestUsageTracker implements RequestUsage {
  readonly requestId = newRequestId();
  readonly startedAt = performance.now();
  private readonly timestamp = Date.now();
  private firstTokenMs: number | null = null;
  private done = false;
  private held: Releasable[] | undefined;

  constructor(
    private readonly recorder: UsageRecorder,
    private readonly base: RequestUsageBase,
  ) {}

  markFirstToken(): void {
    if (this.firstTokenMs === null) this.firstTokenMs = Math.round(performance.now() - this.startedAt);
  }

  releaseOnComplete(held: Releasable): void {
    if (this.done) held.release();
    else (this.held ??= []).push(held);
  }

  complete(outcome: RequestOutcome): void {
    if (this.done) return;
    this.done = true;
    const held = this.held;
    this.held = undefined;
    if (held) for (const each of held) each.release();
    const base = this.base;
    const usage = outcome.usage;
    const connection = outcome.candidate?.connection;
    this.recorder.record({
      requestId: this.requestId,
      timestamp: this.timestamp,
      apiKeyId: base.apiKey?.id ?? null,
      apiKeyName: base.apiKey?.name ?? null,
      clientFormat: base.clientFormat,
      requestedModel: base.requestedModel,
      servedModel: outcome.candidate?.model ?? null,
      connection: connection?.name ?? null,
      provider: connection?.provider.id ?? null,
      combo: outcome.combo ?? null,
      status: outcome.status,
      errorCode: outcome.errorCode ?? null,
      attempts: outcome.attempts,
      stream: base.stream,
      latencyMs: Math.round(performance.now() - this.startedAt),
      firstTokenMs: base.stream ? this.firstTokenMs : null,
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      cachedInputTokens: usage?.cachedInputTokens ?? 0,
      cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
      reasoningTokens: usage?.reasoningTokens ?? 0,
      estimated: usage?.estimated ?? false,
      costUsd: usage && !outcome.cacheHit ? computeCost(usage, outcome.candidate?.price) : 0,
      cacheHit: outcome.cacheHit ?? false,
      compressionSavedTokens: 0,
    });
  }
}

export function trackRequestUsage(recorder: UsageRecorder, base: RequestUsageBase): RequestUsage {
  return new RequestUsageTracker(recorder, base);
}
