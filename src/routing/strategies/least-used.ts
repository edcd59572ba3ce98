// Even out request counts across targets (useful for free tiers with per-account daily caps): the target that
// has been sent the fewest requests goes first.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { sortByScore } from "./candidate-ordering.ts";

export const leastUsedStrategy: RoutingStrategy = {
  name: "least-used",
  description: "Fewest requests sent first; ties in combo order.",
  order: (candidates, context) => ({
    ordered: sortByScore(candidates, (candidate) => context.state.target(candidate.key).requests),
    skipped: [],
  }),
};
