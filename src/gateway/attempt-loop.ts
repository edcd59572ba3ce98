// Tries a route plan's targets in order until one answers, feeding what it learns back to routing (latency,
// quotas, last known good, sticky sessions) and resilience (breakers, cooldowns, lockouts). Falls through only
// where the failure class allows it (a client error ends the loop; context-too-long moves only to larger
// windows), never makes more than the plan's max attempts, and when nothing can serve says what was tried,
// what was skipped and when the soonest target recovers.
import { GatewayError, UpstreamError } from "../errors/gateway-errors.ts";
import { isRejection, type ConnectionSlot } from "../limits/connection-limits.ts";
import { ClientClosedError } from "../upstream/send-upstream.ts";
import { classifyFailure } from "../resilience/classify-failure.ts";
import { parseQuota, parseRetryHint } from "../resilience/retry-hints.ts";
import type { RoutingCandidate } from "../routing/routing-strategy.ts";
import { bindStickySession } from "../routing/strategies/index.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";
import { resilienceCandidate, type RoutePlan, type SkippedTarget } from "./route-planner.ts";

export type AttemptOutcome<T> = {
  result: T;
  candidate: RoutingCandidate;
  attempts: number;
  skipped: SkippedTarget[];
  /** The connection slot the answer holds; release it when its body has been delivered. */
  slot: ConnectionSlot;
};

export async function runAttempts<T extends { upstream: Response }>(
  runtime: GatewayRuntime,
  plan: RoutePlan,
  attempt: (candidate: RoutingCandidate) => Promise<T>,
  signal?: AbortSignal,
): Promise<AttemptOutcome<T>> {
  const resilienceOn = runtime.settings.resilience;
  const skipped = [...plan.skipped];
  const failures: Array<{ candidate: RoutingCandidate; error: GatewayError }> = [];
  let attempts = 0;
  let contextFloor: number | undefined;

  for (const candidate of plan.ordered) {
    if (attempts >= plan.maxAttempts) {
      skipped.push({ key: candidate.key, reason: `not tried: the combo allows ${plan.maxAttempts} attempts` });
      continue;
    }
    if (contextFloor !== undefined && (candidate.contextWindow ?? 0) <= contextFloor) {
      skipped.push({ key: candidate.key, reason: "context window is not larger than the one that was too small" });
      continue;
    }
    const target = resilienceCandidate(candidate);
    if (resilienceOn) {
      const now = Date.now();
      const blocked = runtime.resilience.blockedReason(target, now);
      if (blocked) {
        skipped.push({ key: candidate.key, reason: blocked.reason, ...(blocked.until !== undefined ? { until: blocked.until } : {}) });
        continue;
      }
    }
    const acquisition = await runtime.connectionLimiter.acquire(candidate.connection.name, candidate.connection.limits, signal);
    if (isRejection(acquisition)) {
      if (signal?.aborted) throw new ClientClosedError();
      skipped.push({ key: candidate.key, reason: acquisition.rejected, ...(acquisition.retryAtMs !== undefined ? { until: acquisition.retryAtMs } : {}) });
      continue;
    }
    if (resilienceOn && !runtime.resilience.tryBegin(target, Date.now())) {
      acquisition.release();
      skipped.push({ key: candidate.key, reason: `provider ${target.providerId} circuit is half-open and another request is probing it` });
      continue;
    }
    attempts++;
    runtime.selection.recordStart(candidate.key);
    const startedAt = performance.now();
    try {
      const result = await attempt(candidate);
      const now = Date.now();
      runtime.selection.recordSuccess(candidate.key, performance.now() - startedAt, now);
      if (resilienceOn) runtime.resilience.record(target, { ok: true }, now);
      const quota = parseQuota(result.upstream.headers, now);
      if (quota) {
        runtime.selection.recordQuota(candidate.key, quota);
        if (resilienceOn) runtime.connectionLimiter.learn(candidate.connection.name, quota);
      }
      if (plan.comboName) {
        runtime.selection.setLastKnownGood(plan.comboName, candidate.key);
        bindStickySession(runtime.selection, plan.comboName, plan.facts, candidate.key, now);
      }
      return { result, candidate, attempts, skipped, slot: acquisition };
    } catch (error) {
      acquisition.release();
      const now = Date.now();
      runtime.selection.recordFailure(candidate.key, now);
      const body = error instanceof UpstreamError ? error.upstreamBody : undefined;
      const failure = classifyFailure(error, body);
      if (resilienceOn) {
        const quota = error instanceof UpstreamError && error.upstreamHeaders ? parseQuota(error.upstreamHeaders, now) : undefined;
        if (quota) runtime.connectionLimiter.learn(candidate.connection.name, quota);
        const hint = error instanceof UpstreamError && error.upstreamHeaders ? parseRetryHint({ status: error.status, headers: error.upstreamHeaders, body, now }) : {};
        runtime.resilience.record(target, { ok: false, failure, retryAtMs: hint.retryAtMs }, now);
      }
      if (!(error instanceof GatewayError) || failure.kind === "client-closed") throw error;
      const fallThrough = plan.fallThroughStatuses ? plan.fallThroughStatuses.includes(error.status) : failure.fallThrough;
      if (!fallThrough) throw error;
      if (failure.needsLargerContext) contextFloor = candidate.contextWindow ?? Number.MAX_SAFE_INTEGER;
      failures.push({ candidate, error });
    }
  }
  throw exhausted(failures, skipped);
}

function exhausted(failures: Array<{ candidate: RoutingCandidate; error: GatewayError }>, skipped: SkippedTarget[]): GatewayError {
  if (failures.length === 1 && skipped.length === 0) return failures[0]!.error;
  if (failures.length === 0 && skipped.length === 0) {
    return new GatewayError("No usable target: every connection this model or combo names is disabled or missing.", 503, "unavailable", "no_usable_target");
  }
  const soonest = skipped.reduce<number | undefined>((earliest, entry) => (entry.until !== undefined && (earliest === undefined || entry.until < earliest) ? entry.until : earliest), undefined);
  const headers: Record<string, string> = { ...(failures.at(-1)?.error.headers ?? {}) };
  if (soonest !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil((soonest - Date.now()) / 1000)));
  const tried = failures.map(({ candidate, error }) => `${candidate.key}: ${error.status} ${error.message}`);
  const notTried = skipped.map((entry) => `${entry.key}: ${entry.reason}`);
  const parts: string[] = [];
  if (tried.length > 0) parts.push(`tried ${tried.join("; ")}`);
  if (notTried.length > 0) parts.push(`skipped ${notTried.join("; ")}`);
  if (soonest !== undefined) parts.push(`the soonest target recovers in ${headers["retry-after"]} s`);
  const statuses = new Set(failures.map((failure) => failure.error.status));
  const status = failures.length > 0 && skipped.length === 0 && statuses.size === 1 ? [...statuses][0]! : 503;
  const code = failures.length === 0 ? "no_available_target" : "all_targets_failed";
  const summary = failures.length === 0 ? "No target can take this request now" : `All ${failures.length} attempted targets failed`;
  return new GatewayError(`${summary}: ${parts.join(". ")}.`, status, status === 429 ? "rate_limit" : "unavailable", code, null, headers);
}
