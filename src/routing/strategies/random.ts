// Spread load without shared state: a uniform shuffle per request, so fallbacks are random too.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { shuffle } from "./candidate-ordering.ts";

export const randomStrategy: RoutingStrategy = {
  name: "random",
  description: "A uniform random order for every request.",
  order: (candidates, context) => ({ ordered: shuffle(candidates, context.random), skipped: [] }),
};
