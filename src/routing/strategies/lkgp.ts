// Last known good: after a failover, keep using the target that last succeeded instead of retrying the broken
// head of the combo on every request. The gateway records it on success; the rest follow in combo order.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { withFirst } from "./candidate-ordering.ts";

export const lastKnownGoodStrategy: RoutingStrategy = {
  name: "lkgp",
  description: "The combo's last target that succeeded first, then combo order.",
  order: (candidates, context) => ({ ordered: withFirst(candidates, context.state.lastKnownGood(context.comboName)), skipped: [] }),
};
