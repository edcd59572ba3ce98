// Spread requests evenly across equivalent targets: each request starts one target further along the combo
// (a per-combo cursor in the selection state), and the rest follow in combo order from there, wrapping.
import type { RoutingStrategy } from "../routing-strategy.ts";

export const roundRobinStrategy: RoutingStrategy = {
  name: "round-robin",
  description: "Each request starts at the next target of the combo; the rest follow in order, wrapping.",
  order(candidates, context) {
    if (candidates.length === 0) return { ordered: [], skipped: [] };
    const start = context.state.nextCursor(context.comboName, candidates.length);
    return { ordered: [...candidates.slice(start), ...candidates.slice(0, start)], skipped: [] };
  },
};
