// One strategy that weighs everything known about each target, for operators who do not want to choose:
// health, speed, price, quota headroom and capability fit, each scored in [0, 1] and combined with fixed weights.
// Targets that cannot serve the request (missing a needed capability, or a known context window too small)
// are skipped rather than tried, since their client error would stop the fallback chain.
import type { RoutingCandidate, RoutingContext, RoutingStrategy } from "../routing-strategy.ts";
import { currentQuota, expectedCost, quotaFraction, requiredContextTokens, sortByScore } from "./candidate-ordering.ts";

/** How much each factor counts; they add up to 1. */
export const autoWeights = { health: 0.35, latency: 0.2, cost: 0.2, quota: 0.15, capability: 0.1 } as const;
/** A failure this recent (with no success since) halves health, fading linearly to nothing. */
export const recentFailureWindowMs = 60_000;
/** The score of a factor with nothing known: neither rewarded nor punished. */
export const unknownFactorScore = 0.5;

export const autoStrategy: RoutingStrategy = {
  name: "auto",
  description: "Weighted score of health, latency, cost, quota headroom and capability fit; unfit targets skipped.",
  order(candidates, context) {
    const skipped: Array<{ candidate: RoutingCandidate; reason: string }> = [];
    const fit: RoutingCandidate[] = [];
    for (const candidate of candidates) {
      const reason = unfitReason(candidate, context);
      if (reason) skipped.push({ candidate, reason });
      else fit.push(candidate);
    }
    const scores = scoreAll(fit, context);
    return { ordered: sortByScore(fit, (candidate) => -scores.get(candidate)!), skipped };
  },
};

function unfitReason(candidate: RoutingCandidate, context: RoutingContext): string | undefined {
  const { request } = context;
  if (candidate.capabilities) {
    if (request.needsTools && !candidate.capabilities.includes("tools")) return "the request uses tools and this model does not support them";
    if (request.needsVision && !candidate.capabilities.includes("vision")) return "the request has images and this model does not support vision";
  }
  const required = requiredContextTokens(request);
  if (candidate.contextWindow !== undefined && candidate.contextWindow < required) {
    return `context window of ${candidate.contextWindow} tokens is smaller than the ${required} this request needs`;
  }
  return undefined;
}

/** Scores are relative to the other candidates (fastest and cheapest score 1), so they are computed together. */
function scoreAll(candidates: RoutingCandidate[], context: RoutingContext): Map<RoutingCandidate, number> {
  const latencies = candidates.map((candidate) => context.state.target(candidate.key).latencyEwmaMs);
  const costs = candidates.map((candidate) => expectedCost(candidate, context.request));
  const fastest = Math.min(...latencies.filter((latency) => latency !== undefined));
  const cheapest = Math.min(...costs.filter((cost) => cost !== undefined));
  return new Map(
    candidates.map((candidate, index) => {
      const total =
        autoWeights.health * healthScore(candidate, context) +
        autoWeights.latency * relativeScore(latencies[index], fastest) +
        autoWeights.cost * relativeScore(costs[index], cheapest) +
        autoWeights.quota * quotaScore(candidate, context) +
        autoWeights.capability * capabilityScore(candidate, context);
      return [candidate, total];
    }),
  );
}

/** Smoothed success ratio (1 success in 2 tries ≈ 0.5, none known = 0.5), lowered after a fresh failure. */
function healthScore(candidate: RoutingCandidate, context: RoutingContext): number {
  const statistics = context.state.target(candidate.key);
  const ratio = (statistics.successes + 1) / (statistics.successes + statistics.failures + 2);
  const { lastFailureAt, lastSuccessAt } = statistics;
  if (lastFailureAt === undefined || (lastSuccessAt !== undefined && lastSuccessAt > lastFailureAt)) return ratio;
  const freshness = Math.max(0, 1 - (context.now - lastFailureAt) / recentFailureWindowMs);
  return ratio * (1 - 0.5 * freshness);
}

/** 1 for the best (lowest) value, best/value otherwise; neutral when unknown. */
function relativeScore(value: number | undefined, best: number): number {
  if (value === undefined) return unknownFactorScore;
  if (value <= best) return 1;
  return best > 0 ? best / value : 0;
}

/** Share of quota left; a target with no learned limit (or one already reset) counts as unconstrained. */
function quotaScore(candidate: RoutingCandidate, context: RoutingContext): number {
  const quota = currentQuota(context, candidate.key);
  return quota ? quotaFraction(quota) : 1;
}

/** 1 when the model is known to have what the request needs (or nothing is needed), neutral when unknown. */
function capabilityScore(candidate: RoutingCandidate, context: RoutingContext): number {
  const needed = [context.request.needsTools && "tools", context.request.needsVision && "vision"].filter((name) => typeof name === "string");
  if (needed.length === 0) return 1;
  return candidate.capabilities ? 1 : unknownFactorScore;
}
