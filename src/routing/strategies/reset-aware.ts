// Spend quota that is about to reset before quota that must last: each target scores its share of quota left,
// raised toward 1 as its reset approaches (what is left of a window ending soon is use-it-or-lose-it).
// Unknown quota scores in the middle; exhausted targets go last, soonest reset first.
import type { RoutingCandidate, RoutingContext, RoutingStrategy } from "../routing-strategy.ts";
import { compareNumbers, quotaFraction } from "./candidate-ordering.ts";

/** Within this long of its reset, a target's unused quota counts as increasingly free to spend. */
export const resetHorizonMs = 60_000;
/** The score of a target whose quota was never learned: between a full and an empty one. */
export const unknownQuotaScore = 0.5;

export const resetAwareStrategy: RoutingStrategy = {
  name: "reset-aware",
  description: "Most quota left relative to time until reset first; unknown quota in the middle; exhausted last.",
  order(candidates, context) {
    const scored = candidates.map((candidate) => ({ candidate, ...score(candidate, context) }));
    scored.sort((first, second) =>
      first.exhaustedUntil !== undefined || second.exhaustedUntil !== undefined
        ? compareNumbers(first.exhaustedUntil ?? Number.NEGATIVE_INFINITY, second.exhaustedUntil ?? Number.NEGATIVE_INFINITY)
        : compareNumbers(second.headroom, first.headroom),
    );
    return { ordered: scored.map((entry) => entry.candidate), skipped: [] };
  },
};

/** `headroom` in [0, 1], higher first; `exhaustedUntil` set when nothing is left until that reset time. */
function score(candidate: RoutingCandidate, context: RoutingContext): { headroom: number; exhaustedUntil?: number } {
  const quota = context.state.target(candidate.key).quota;
  if (!quota) return { headroom: unknownQuotaScore };
  const untilReset = quota.resetAt - context.now;
  if (untilReset <= 0) return { headroom: 1 };
  if (quota.remaining <= 0) return { headroom: 0, exhaustedUntil: quota.resetAt };
  const fraction = quotaFraction(quota);
  const urgency = Math.max(0, 1 - untilReset / resetHorizonMs);
  return { headroom: fraction + (1 - fraction) * urgency };
}
