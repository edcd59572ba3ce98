// Spend the least: order by what this request is expected to cost on each target (input estimate times input
// price plus the output cap, or 1000 tokens when uncapped, times output price). Unknown prices go last.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { expectedCost, sortByScore } from "./candidate-ordering.ts";

export const costOptimizedStrategy: RoutingStrategy = {
  name: "cost-optimized",
  description: "Cheapest expected cost for this request first; targets without a known price last.",
  order: (candidates, context) => ({
    ordered: sortByScore(candidates, (candidate) => expectedCost(candidate, context.request) ?? Number.POSITIVE_INFINITY),
    skipped: [],
  }),
};
