// Every routing strategy by the name a combo's `strategy` field uses; `priority` is the default.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { autoStrategy } from "./auto.ts";
import { contextOptimizedStrategy } from "./context-optimized.ts";
import { contextRelayStrategy } from "./context-relay.ts";
import { costOptimizedStrategy } from "./cost-optimized.ts";
import { fillFirstStrategy } from "./fill-first.ts";
import { lastKnownGoodStrategy } from "./lkgp.ts";
import { leastLatencyStrategy } from "./least-latency.ts";
import { leastUsedStrategy } from "./least-used.ts";
import { powerOfTwoChoicesStrategy } from "./p2c.ts";
import { priorityStrategy } from "./priority.ts";
import { randomStrategy } from "./random.ts";
import { resetAwareStrategy } from "./reset-aware.ts";
import { roundRobinStrategy } from "./round-robin.ts";
import { stickyStrategy } from "./sticky.ts";
import { strictRandomStrategy } from "./strict-random.ts";
import { weightedStrategy } from "./weighted.ts";

export { bindStickySession, defaultStickySessionTtlMs } from "./sticky.ts";
export { relayedFrom } from "./context-relay.ts";

const all: RoutingStrategy[] = [
  priorityStrategy,
  fillFirstStrategy,
  weightedStrategy,
  roundRobinStrategy,
  randomStrategy,
  strictRandomStrategy,
  leastUsedStrategy,
  leastLatencyStrategy,
  powerOfTwoChoicesStrategy,
  costOptimizedStrategy,
  contextOptimizedStrategy,
  lastKnownGoodStrategy,
  autoStrategy,
  stickyStrategy,
  resetAwareStrategy,
  contextRelayStrategy,
];

export const routingStrategies: Record<string, RoutingStrategy> = Object.fromEntries(all.map((strategy) => [strategy.name, strategy]));
export const strategyNames: string[] = all.map((strategy) => strategy.name);
export const defaultStrategyName = "priority";
