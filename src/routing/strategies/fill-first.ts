// Use one account until the provider says it is spent, then the next: unlike priority, a target whose learned
// quota is exhausted (nothing left, reset still ahead) moves to the back instead of being tried and refused first.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { compareNumbers, currentQuota, quotaExhausted } from "./candidate-ordering.ts";

export const fillFirstStrategy: RoutingStrategy = {
  name: "fill-first",
  description: "Combo order, but a target with exhausted quota goes last (soonest reset first) until it resets.",
  order(candidates, context) {
    const available = [];
    const exhausted = [];
    for (const candidate of candidates) {
      const quota = currentQuota(context, candidate.key);
      if (quotaExhausted(quota)) exhausted.push({ candidate, resetAt: quota!.resetAt });
      else available.push(candidate);
    }
    exhausted.sort((first, second) => compareNumbers(first.resetAt, second.resetAt));
    return { ordered: [...available, ...exhausted.map((entry) => entry.candidate)], skipped: [] };
  },
};
