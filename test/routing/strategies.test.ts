// Each routing strategy's exact order on one fixed scenario, then invariants every strategy must keep on random
// inputs: a permutation of the candidates (or a reasoned skip), deterministic for a given random source and state.
import { describe, expect, test } from "bun:test";
import { createInMemorySelectionState } from "../../src/routing/in-memory-selection-state.ts";
import type { RoutingCandidate, RoutingContext } from "../../src/routing/routing-strategy.ts";
import type { SelectionState } from "../../src/routing/selection-state.ts";
import { relayedFrom } from "../../src/routing/strategies/context-relay.ts";
import { bindStickySession, routingStrategies, strategyNames } from "../../src/routing/strategies/index.ts";
import { candidate, orderedKeys, routingContext, scriptedRandom, seededRandom, skippedKeys } from "./candidate-fixtures.ts";

const now = 1_000_000;

// The combo, in its configured order. Expected cost of the request below (10k in, 2k out), USD:
// alpha 0.008, beta 0.06, gamma unknown, delta 0.0018, epsilon 0.014. The request needs 12k tokens of window.
const alpha = candidate("alpha/small", { weight: 3, price: { input: 0.5, output: 1.5 }, contextWindow: 16_000, capabilities: ["tools"] });
const beta = candidate("beta/large", { weight: 1, price: { input: 3, output: 15 }, contextWindow: 200_000, capabilities: ["tools", "vision"] });
const gamma = candidate("gamma/medium", { weight: 0, contextWindow: 128_000 });
const delta = candidate("delta/tiny", { weight: 2, price: { input: 0.1, output: 0.4 }, contextWindow: 8_000, capabilities: [] });
const epsilon = candidate("epsilon/unknown", { weight: 1, price: { input: 1, output: 2 }, capabilities: ["tools", "vision"] });
const combo = [alpha, beta, gamma, delta, epsilon];
const request = { estimatedInputTokens: 10_000, maxOutputTokens: 2_000, needsTools: true, needsVision: false, sessionKey: "session-1" };

function scenario(overrides: Parameters<typeof routingContext>[0] = {}): RoutingContext {
  return routingContext({ now, ...overrides, request: { ...request, ...overrides.request } });
}

function order(name: string, context: RoutingContext, candidates: RoutingCandidate[] = combo) {
  const strategy = routingStrategies[name];
  if (!strategy) throw new Error(`no strategy ${name}`);
  return strategy.order(candidates, context);
}

function stateWith(fill: (state: SelectionState) => void): SelectionState {
  const state = createInMemorySelectionState();
  fill(state);
  return state;
}

function succeed(state: SelectionState, key: string, times: number, latencyMs = 100, at = now - 120_000): void {
  for (let count = 0; count < times; count++) {
    state.recordStart(key);
    state.recordSuccess(key, latencyMs, at);
  }
}

function fail(state: SelectionState, key: string, times: number, at: number): void {
  for (let count = 0; count < times; count++) {
    state.recordStart(key);
    state.recordFailure(key, at);
  }
}

describe("each strategy on the fixed scenario", () => {
  test("priority keeps the combo's order", () => {
    const decision = order("priority", scenario());
    expect(orderedKeys(decision)).toEqual(["alpha/small", "beta/large", "gamma/medium", "delta/tiny", "epsilon/unknown"]);
    expect(decision.skipped).toEqual([]);
  });

  test("fill-first moves targets with exhausted quota last, soonest reset first, and ignores quotas already reset", () => {
    const state = stateWith((state) => {
      state.recordQuota(alpha.key, { remaining: 0, limit: 100, resetAt: now + 30_000 });
      state.recordQuota(delta.key, { remaining: 0, limit: 100, resetAt: now + 10_000 });
      state.recordQuota(beta.key, { remaining: 0, limit: 100, resetAt: now - 1 });
      state.recordQuota(gamma.key, { remaining: 1, limit: 100, resetAt: now + 30_000 });
    });
    expect(orderedKeys(order("fill-first", scenario({ state })))).toEqual(["beta/large", "gamma/medium", "epsilon/unknown", "delta/tiny", "alpha/small"]);
    expect(orderedKeys(order("fill-first", scenario()))).toEqual(combo.map((each) => each.key));
  });

  test("weighted draws without replacement by weight, weight 0 last", () => {
    // Weights alpha 3, beta 1, delta 2, epsilon 1 (total 7): 0.5×7 = 3.5 lands in beta's slice; then of alpha 3,
    // delta 2, epsilon 1, 0.9×6 = 5.4 lands in epsilon's; then of alpha 3, delta 2, 0.1×5 = 0.5 lands in alpha's.
    const decision = order("weighted", scenario({ random: scriptedRandom([0.5, 0.9, 0.1, 0.7]) }));
    expect(orderedKeys(decision)).toEqual(["beta/large", "epsilon/unknown", "alpha/small", "delta/tiny", "gamma/medium"]);
  });

  test("round-robin starts one further along on each call, wrapping", () => {
    const context = scenario();
    const firsts = Array.from({ length: 6 }, () => orderedKeys(order("round-robin", context)));
    expect(firsts.map((keys) => keys[0])).toEqual(["alpha/small", "beta/large", "gamma/medium", "delta/tiny", "epsilon/unknown", "alpha/small"]);
    expect(firsts[3]).toEqual(["delta/tiny", "epsilon/unknown", "alpha/small", "beta/large", "gamma/medium"]);
  });

  test("random is a Fisher–Yates shuffle driven by the context's random source", () => {
    // Swaps 4↔2, 3↔0, 2↔2, 1↔0: [a,b,g,d,e] → [a,b,e,d,g] → [d,b,e,a,g] → [d,b,e,a,g] → [b,d,e,a,g].
    const decision = order("random", scenario({ random: scriptedRandom([0.5, 0, 0.99, 0.3]) }));
    expect(orderedKeys(decision)).toEqual(["beta/large", "delta/tiny", "epsilon/unknown", "alpha/small", "gamma/medium"]);
  });

  test("strict-random deals from a shuffled deck, then the rest of the deck, then targets dealt earlier", () => {
    const context = scenario({ random: scriptedRandom([0.5, 0, 0.99, 0.3]) });
    expect(orderedKeys(order("strict-random", context))).toEqual(["beta/large", "delta/tiny", "epsilon/unknown", "alpha/small", "gamma/medium"]);
    expect(context.state.deck("combo")).toEqual(["delta/tiny", "epsilon/unknown", "alpha/small", "gamma/medium"]);
    expect(orderedKeys(order("strict-random", context))).toEqual(["delta/tiny", "epsilon/unknown", "alpha/small", "gamma/medium", "beta/large"]);
    expect(orderedKeys(order("strict-random", context))).toEqual(["epsilon/unknown", "alpha/small", "gamma/medium", "beta/large", "delta/tiny"]);
  });

  test("least-used puts the fewest requests first, ties in combo order", () => {
    const state = stateWith((state) => {
      succeed(state, alpha.key, 3);
      succeed(state, beta.key, 1);
      fail(state, delta.key, 1, now);
      succeed(state, epsilon.key, 2);
    });
    expect(orderedKeys(order("least-used", scenario({ state })))).toEqual(["gamma/medium", "beta/large", "delta/tiny", "epsilon/unknown", "alpha/small"]);
  });

  test("least-latency puts unmeasured targets first, then the lowest moving average", () => {
    const state = stateWith((state) => {
      succeed(state, alpha.key, 1, 200);
      succeed(state, alpha.key, 1, 100); // 0.3×100 + 0.7×200 = 170
      succeed(state, beta.key, 1, 120);
      succeed(state, delta.key, 1, 300);
    });
    expect(orderedKeys(order("least-latency", scenario({ state })))).toEqual(["gamma/medium", "epsilon/unknown", "beta/large", "alpha/small", "delta/tiny"]);
  });

  test("p2c leads with the less loaded of two random picks; the rest by in-flight then latency", () => {
    const state = stateWith((state) => {
      state.recordStart(alpha.key);
      state.recordStart(alpha.key);
      state.recordStart(delta.key);
      succeed(state, beta.key, 1, 300);
      succeed(state, epsilon.key, 1, 100);
    });
    // Picks index floor(0.1×5) = 0 (alpha, 2 in flight) and floor(0.7×4) = 2 → 3 (delta, 1 in flight): delta wins.
    const decision = order("p2c", scenario({ state, random: scriptedRandom([0.1, 0.7]) }));
    expect(orderedKeys(decision)).toEqual(["delta/tiny", "gamma/medium", "epsilon/unknown", "beta/large", "alpha/small"]);
    // Picks beta (0 in flight, 300 ms) and epsilon (0 in flight, 100 ms): epsilon wins on latency.
    const byLatency = order("p2c", scenario({ state, random: scriptedRandom([0.3, 0.9]) }));
    expect(orderedKeys(byLatency)).toEqual(["epsilon/unknown", "gamma/medium", "beta/large", "delta/tiny", "alpha/small"]);
  });

  test("cost-optimized puts the cheapest expected cost first and unknown prices last", () => {
    expect(orderedKeys(order("cost-optimized", scenario()))).toEqual(["delta/tiny", "alpha/small", "epsilon/unknown", "beta/large", "gamma/medium"]);
    // Without an output cap, 1000 output tokens are assumed: beta 0.045 vs epsilon 0.012 keeps the same order.
    const uncapped = scenario({ request: { maxOutputTokens: undefined } });
    expect(orderedKeys(order("cost-optimized", uncapped))).toEqual(["delta/tiny", "alpha/small", "epsilon/unknown", "beta/large", "gamma/medium"]);
  });

  test("context-optimized skips windows too small and orders the rest by the smallest that fits, unknown last", () => {
    const decision = order("context-optimized", scenario());
    expect(orderedKeys(decision)).toEqual(["alpha/small", "gamma/medium", "beta/large", "epsilon/unknown"]);
    expect(decision.skipped).toEqual([{ candidate: delta, reason: "context window of 8000 tokens is smaller than the 12000 this request needs" }]);
  });

  test("lkgp puts the last known good target first, then combo order", () => {
    const state = stateWith((state) => state.setLastKnownGood("combo", delta.key));
    expect(orderedKeys(order("lkgp", scenario({ state })))).toEqual(["delta/tiny", "alpha/small", "beta/large", "gamma/medium", "epsilon/unknown"]);
    const gone = stateWith((state) => state.setLastKnownGood("combo", "removed/model"));
    expect(orderedKeys(order("lkgp", scenario({ state: gone })))).toEqual(combo.map((each) => each.key));
  });

  test("auto scores health, latency, cost, quota and capability fit, and skips models lacking a needed capability", () => {
    const state = stateWith((state) => {
      succeed(state, alpha.key, 8, 100); // health 0.9, fastest, cheapest fit → 0.965
      succeed(state, beta.key, 4, 400);
      fail(state, beta.key, 4, now - 30_000); // health 0.5 halved by half → 0.375; latency 0.25; cost 0.133 → 0.458
      succeed(state, epsilon.key, 2, 200); // health 0.75, latency 0.5, cost 0.571
      state.recordQuota(epsilon.key, { remaining: 2, limit: 100, resetAt: now + 60_000 }); // quota 0.02 → 0.580
      // gamma knows nothing: 0.5 everywhere but quota (1) → 0.575
    });
    const decision = order("auto", scenario({ state }));
    expect(orderedKeys(decision)).toEqual(["alpha/small", "epsilon/unknown", "gamma/medium", "beta/large"]);
    expect(decision.skipped).toEqual([{ candidate: delta, reason: "the request uses tools and this model does not support them" }]);

    const vision = order("auto", scenario({ state, request: { needsTools: false, needsVision: true } }));
    expect(skippedKeys(vision)).toEqual(["alpha/small", "delta/tiny"]);
    expect(orderedKeys(vision)).toEqual(["epsilon/unknown", "gamma/medium", "beta/large"]);
  });

  test("sticky puts the session's bound target first until the binding expires; the conversation key also binds", () => {
    const state = createInMemorySelectionState();
    bindStickySession(state, "combo", request, epsilon.key, now, 60_000);
    expect(orderedKeys(order("sticky", scenario({ state })))).toEqual(["epsilon/unknown", "alpha/small", "beta/large", "gamma/medium", "delta/tiny"]);
    expect(orderedKeys(order("sticky", scenario({ state, now: now + 60_000 })))).toEqual(combo.map((each) => each.key));

    const conversation = { ...request, sessionKey: undefined, conversationKey: "hash-1" };
    bindStickySession(state, "combo", conversation, gamma.key, now, 60_000);
    expect(orderedKeys(order("sticky", scenario({ state, request: conversation })))[0]).toBe("gamma/medium");
    expect(orderedKeys(order("sticky", scenario({ state, comboName: "other" })))).toEqual(combo.map((each) => each.key));
  });

  test("reset-aware favours quota left, more so near its reset; unknown in the middle; exhausted last", () => {
    const state = stateWith((state) => {
      state.recordQuota(alpha.key, { remaining: 60, limit: 100, resetAt: now + 3_600_000 }); // 0.6
      state.recordQuota(beta.key, { remaining: 10, limit: 100, resetAt: now + 30_000 }); // 0.1 + 0.9 × 0.5 = 0.55
      state.recordQuota(delta.key, { remaining: 0, limit: 100, resetAt: now + 5_000 }); // exhausted
      state.recordQuota(epsilon.key, { remaining: 90, limit: 100, resetAt: now + 3_600_000 }); // 0.9
    }); // gamma unknown: 0.5
    expect(orderedKeys(order("reset-aware", scenario({ state })))).toEqual(["epsilon/unknown", "alpha/small", "beta/large", "gamma/medium", "delta/tiny"]);
  });

  test("context-relay keeps the session on its target until under 10% quota, then relays to the next target", () => {
    const state = createInMemorySelectionState();
    expect(orderedKeys(order("context-relay", scenario({ state })))).toEqual(combo.map((each) => each.key));

    bindStickySession(state, "combo", request, beta.key, now, 60_000);
    state.recordQuota(beta.key, { remaining: 50, limit: 100, resetAt: now + 60_000 });
    expect(orderedKeys(order("context-relay", scenario({ state })))).toEqual(["beta/large", "alpha/small", "gamma/medium", "delta/tiny", "epsilon/unknown"]);

    state.recordQuota(beta.key, { remaining: 9, limit: 100, resetAt: now + 60_000 });
    const relay = scenario({ state });
    expect(orderedKeys(order("context-relay", relay))).toEqual(["gamma/medium", "beta/large", "alpha/small", "delta/tiny", "epsilon/unknown"]);
    expect(relayedFrom(relay, gamma.key)).toBe("beta/large");
    expect(relayedFrom(relay, beta.key)).toBeUndefined();

    bindStickySession(state, "combo", request, epsilon.key, now, 60_000);
    state.recordQuota(epsilon.key, { remaining: 1, limit: 100, resetAt: now + 60_000 });
    expect(orderedKeys(order("context-relay", scenario({ state })))).toEqual(["alpha/small", "epsilon/unknown", "beta/large", "gamma/medium", "delta/tiny"]);
  });

  test("every strategy is registered under its name", () => {
    expect(strategyNames).toEqual([
      "priority",
      "fill-first",
      "weighted",
      "round-robin",
      "random",
      "strict-random",
      "least-used",
      "least-latency",
      "p2c",
      "cost-optimized",
      "context-optimized",
      "lkgp",
      "auto",
      "sticky",
      "reset-aware",
      "context-relay",
    ]);
    for (const name of strategyNames) {
      expect(routingStrategies[name]!.name).toBe(name);
      expect(routingStrategies[name]!.description.length).toBeGreaterThan(10);
    }
  });
});

describe("invariants over random inputs", () => {
  const capabilityChoices = [undefined, [], ["tools"], ["vision"], ["tools", "vision"]];

  function randomCandidates(random: () => number): RoutingCandidate[] {
    const count = Math.floor(random() * 9);
    return Array.from({ length: count }, (_, index) =>
      candidate(`connection-${index}/model-${Math.floor(random() * 3)}`, {
        weight: Math.floor(random() * 4),
        price: random() < 0.7 ? { input: Math.round(random() * 10), output: Math.round(random() * 30) } : undefined,
        contextWindow: random() < 0.7 ? Math.floor(random() * 64_000) : undefined,
        capabilities: capabilityChoices[Math.floor(random() * capabilityChoices.length)],
      }),
    );
  }

  function randomState(candidates: RoutingCandidate[], random: () => number): SelectionState {
    const state = createInMemorySelectionState();
    for (const each of candidates) {
      for (let count = Math.floor(random() * 5); count > 0; count--) {
        state.recordStart(each.key);
        const roll = random();
        if (roll < 0.5) state.recordSuccess(each.key, Math.floor(random() * 2000), now - Math.floor(random() * 100_000));
        else if (roll < 0.8) state.recordFailure(each.key, now - Math.floor(random() * 100_000));
      }
      if (random() < 0.5) {
        state.recordQuota(each.key, { remaining: Math.floor(random() * 20), limit: 20, resetAt: now + Math.floor(random() * 200_000) - 50_000 });
      }
    }
    const some = candidates[Math.floor(random() * candidates.length)];
    if (some && random() < 0.5) state.setLastKnownGood("combo", some.key);
    if (some && random() < 0.5) state.setStickyTarget("combo", "session", some.key, now, 60_000);
    if (random() < 0.3) state.setDeck("combo", [...candidates.map((each) => each.key), "stale/key"].reverse());
    return state;
  }

  function randomRequest(random: () => number) {
    return {
      estimatedInputTokens: Math.floor(random() * 40_000),
      maxOutputTokens: random() < 0.5 ? Math.floor(random() * 8000) : undefined,
      needsTools: random() < 0.5,
      needsVision: random() < 0.3,
      sessionKey: random() < 0.5 ? "session" : undefined,
    };
  }

  test("every strategy returns each candidate exactly once, ordered or skipped with a reason, deterministically", () => {
    for (let trial = 0; trial < 150; trial++) {
      for (const name of strategyNames) {
        const run = () => {
          const random = seededRandom(trial);
          const candidates = randomCandidates(random);
          const context = routingContext({ state: randomState(candidates, random), request: randomRequest(random), now, random });
          return { candidates, decision: routingStrategies[name]!.order(candidates, context) };
        };
        const { candidates, decision } = run();
        const returned = [...decision.ordered, ...decision.skipped.map((each) => each.candidate)];
        expect(returned.length).toBe(candidates.length);
        expect(new Set(returned).size).toBe(candidates.length);
        for (const each of returned) expect(candidates).toContain(each);
        for (const each of decision.skipped) expect(each.reason.length).toBeGreaterThan(0);
        expect(orderedKeys(run().decision)).toEqual(orderedKeys(decision));
      }
    }
  });

  test("round-robin rotates its start across calls, per combo", () => {
    const context = routingContext();
    const other = { ...context, comboName: "other" };
    const candidates = [alpha, beta, gamma];
    const firsts = Array.from({ length: 7 }, () => routingStrategies["round-robin"]!.order(candidates, context).ordered[0]!.key);
    expect(firsts).toEqual(["alpha/small", "beta/large", "gamma/medium", "alpha/small", "beta/large", "gamma/medium", "alpha/small"]);
    expect(routingStrategies["round-robin"]!.order(candidates, other).ordered[0]!.key).toBe("alpha/small");
  });

  test("strict-random never repeats a first target until every target was first once", () => {
    const context = routingContext({ random: seededRandom(7) });
    const keys = combo.map((each) => each.key).sort();
    const firsts = Array.from({ length: combo.length * 40 }, () => routingStrategies["strict-random"]!.order(combo, context).ordered[0]!.key);
    for (let round = 0; round < 40; round++) {
      expect(firsts.slice(round * combo.length, (round + 1) * combo.length).sort()).toEqual(keys);
    }
    expect(new Set(firsts.map((key, index) => `${index % combo.length}:${key}`)).size).toBeGreaterThan(combo.length);
  });

  test("weighted first picks follow the weights over 10k draws", () => {
    const context = routingContext({ random: seededRandom(12345) });
    const counts = new Map<string, number>();
    const draws = 10_000;
    for (let draw = 0; draw < draws; draw++) {
      const first = routingStrategies.weighted!.order(combo, context).ordered[0]!.key;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    const totalWeight = combo.reduce((sum, each) => sum + each.weight, 0);
    for (const each of combo) {
      expect(Math.abs((counts.get(each.key) ?? 0) / draws - each.weight / totalWeight)).toBeLessThan(0.02);
    }
    expect(counts.get(gamma.key) ?? 0).toBe(0);
  });

  test("p2c first picks are spread evenly when every target is equally loaded", () => {
    const context = routingContext({ random: seededRandom(99) });
    const counts = new Map<string, number>();
    for (let draw = 0; draw < 5000; draw++) {
      const first = routingStrategies.p2c!.order(combo, context).ordered[0]!.key;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    for (const each of combo) expect(Math.abs((counts.get(each.key) ?? 0) / 5000 - 0.2)).toBeLessThan(0.03);
  });

  test("no candidates gives an empty decision for every strategy", () => {
    for (const name of strategyNames) expect(routingStrategies[name]!.order([], routingContext())).toEqual({ ordered: [], skipped: [] });
  });
});
