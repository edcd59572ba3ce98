// Split traffic in proportion to configured weights (say 3:1 between two accounts) while keeping every other
// target as a fallback: a weighted draw without replacement, with weight-0 targets only as a last resort.
import type { RoutingCandidate, RoutingStrategy } from "../routing-strategy.ts";

export const weightedStrategy: RoutingStrategy = {
  name: "weighted",
  description: "Weighted random order by each target's weight; weight 0 only as a last resort.",
  order(candidates, context) {
    const remaining = candidates.filter((candidate) => usableWeight(candidate) > 0);
    const lastResort = candidates.filter((candidate) => usableWeight(candidate) <= 0);
    const ordered: RoutingCandidate[] = [];
    while (remaining.length > 0) {
      const total = remaining.reduce((sum, candidate) => sum + usableWeight(candidate), 0);
      let threshold = context.random() * total;
      let picked = remaining.length - 1;
      for (let index = 0; index < remaining.length; index++) {
        threshold -= usableWeight(remaining[index]!);
        if (threshold < 0) {
          picked = index;
          break;
        }
      }
      ordered.push(...remaining.splice(picked, 1));
    }
    return { ordered: [...ordered, ...lastResort], skipped: [] };
  },
};

function usableWeight(candidate: RoutingCandidate): number {
  return Number.isFinite(candidate.weight) && candidate.weight > 0 ? candidate.weight : 0;
}
