// Fit the request to the smallest model window that holds it: bigger windows are usually slower and dearer,
// and a window too small would only earn a client error that stops the fallback chain. Unknown windows are
// tried after every known one that fits.
import type { RoutingCandidate, RoutingStrategy } from "../routing-strategy.ts";
import { requiredContextTokens, sortByScore } from "./candidate-ordering.ts";

export const contextOptimizedStrategy: RoutingStrategy = {
  name: "context-optimized",
  description: "Smallest context window that fits the request first; too-small windows skipped; unknown last.",
  order(candidates, context) {
    const required = requiredContextTokens(context.request);
    const fitting: RoutingCandidate[] = [];
    const skipped: Array<{ candidate: RoutingCandidate; reason: string }> = [];
    for (const candidate of candidates) {
      if (candidate.contextWindow !== undefined && candidate.contextWindow < required) {
        skipped.push({ candidate, reason: `context window of ${candidate.contextWindow} tokens is smaller than the ${required} this request needs` });
      } else fitting.push(candidate);
    }
    return { ordered: sortByScore(fitting, (candidate) => candidate.contextWindow ?? Number.POSITIVE_INFINITY), skipped };
  },
};
