// Send requests where the first byte arrives soonest, by the moving average of time to first byte. A target
// with no sample yet goes first (combo order among those) so every target is measured once; after that, it
// competes on its measurement.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { sortByScore } from "./candidate-ordering.ts";

export const leastLatencyStrategy: RoutingStrategy = {
  name: "least-latency",
  description: "Lowest time-to-first-byte average first; unmeasured targets first so each gets measured.",
  order: (candidates, context) => ({
    ordered: sortByScore(candidates, (candidate) => context.state.target(candidate.key).latencyEwmaMs ?? -1),
    skipped: [],
  }),
};
