// Fixtures for routing tests: minimal connections and candidates, a seeded random source, a scripted one, and a
// routing context with sensible defaults.
import type { CatalogProvider } from "../../src/catalog/catalog.ts";
import type { Connection } from "../../src/gateway/connection-registry.ts";
import { createInMemorySelectionState } from "../../src/routing/in-memory-selection-state.ts";
import type { RoutingCandidate, RoutingContext, RoutingDecision, RoutingRequestFacts } from "../../src/routing/routing-strategy.ts";

export type CandidateOptions = Partial<Pick<RoutingCandidate, "weight" | "tags" | "contextWindow" | "maxOutput" | "price" | "capabilities">>;

const provider = { id: "mock", name: "Mock", family: "openai-chat", custom: false, usable: true, models: [] } as unknown as CatalogProvider;

export function connectionNamed(name: string): Connection {
  return {
    id: 0,
    name,
    provider,
    baseUrl: "http://127.0.0.1:1",
    credential: undefined,
    credentialFingerprint: "none",
    limits: {},
    prices: {},
    settings: {},
    priority: 0,
    weight: 1,
    tags: [],
    models: [],
    enabled: true,
    problem: undefined,
  };
}

/** A candidate for `key` written as `connection/model`. */
export function candidate(key: string, options: CandidateOptions = {}): RoutingCandidate {
  const slash = key.indexOf("/");
  const connection = connectionNamed(key.slice(0, slash));
  return { connection, model: key.slice(slash + 1), key, weight: options.weight ?? 1, tags: options.tags ?? [], ...options };
}

/** A small linear congruential generator (Numerical Recipes constants): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (Math.imul(value, 1664525) + 1013904223) >>> 0;
    return value / 2 ** 32;
  };
}

/** Returns the given values in turn; fails loudly when a strategy draws more than the test planned. */
export function scriptedRandom(values: number[]): () => number {
  let index = 0;
  return () => {
    if (index >= values.length) throw new Error(`random() called more than the ${values.length} scripted times`);
    return values[index++]!;
  };
}

export const defaultRequest: RoutingRequestFacts = { estimatedInputTokens: 1000, needsTools: false, needsVision: false };

export function routingContext(overrides: Partial<Omit<RoutingContext, "request">> & { request?: Partial<RoutingRequestFacts> } = {}): RoutingContext {
  return {
    comboName: overrides.comboName ?? "combo",
    state: overrides.state ?? createInMemorySelectionState(),
    now: overrides.now ?? 1_000_000,
    random: overrides.random ?? seededRandom(1),
    request: { ...defaultRequest, ...overrides.request },
  };
}

export function orderedKeys(decision: RoutingDecision): string[] {
  return decision.ordered.map((each) => each.key);
}

export function skippedKeys(decision: RoutingDecision): string[] {
  return decision.skipped.map((each) => each.candidate.key);
}
