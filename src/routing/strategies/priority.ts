// The default: try the combo's targets in the order they were written (provider/model targets arrive already
// sorted by connection priority), so an operator's ordering is the routing.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { inOrder } from "./candidate-ordering.ts";

export const priorityStrategy: RoutingStrategy = {
  name: "priority",
  description: "Targets in the combo's order; later ones are fallbacks.",
  order: (candidates) => inOrder(candidates),
};
