// Small pieces several strategies share: stable sorting (ties keep the combo's order), shuffling with the injected
// random source, and reading learned quota and the session key the same way everywhere.
import type { RoutingCandidate, RoutingContext, RoutingDecision, RoutingRequestFacts } from "../routing-strategy.ts";
import type { TargetStatistics } from "../selection-state.ts";

type Quota = NonNullable<TargetStatistics["quota"]>;

/** Every candidate, in the given order, none skipped. */
export function inOrder(candidates: RoutingCandidate[]): RoutingDecision {
  return { ordered: [...candidates], skipped: [] };
}

/** Ascending by `score`; equal scores keep the combo's order (Array.prototype.sort is stable). */
export function sortByScore(candidates: RoutingCandidate[], score: (candidate: RoutingCandidate) => number): RoutingCandidate[] {
  const scores = new Map(candidates.map((candidate) => [candidate, score(candidate)]));
  return [...candidates].sort((first, second) => compareNumbers(scores.get(first)!, scores.get(second)!));
}

/** Ascending numeric comparison that puts NaN last instead of breaking the sort. */
export function compareNumbers(first: number, second: number): number {
  if (Number.isNaN(first)) return Number.isNaN(second) ? 0 : 1;
  if (Number.isNaN(second)) return -1;
  return first === second ? 0 : first < second ? -1 : 1;
}

/** Fisher–Yates with the context's random source, so a seeded source gives a fixed order. */
export function shuffle<Item>(items: Item[], random: () => number): Item[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = randomIndex(index + 1, random);
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

/** A uniform index in [0, size), safe against a random source that returns exactly 1. */
export function randomIndex(size: number, random: () => number): number {
  return Math.min(size - 1, Math.floor(random() * size));
}

/** Moves the candidate with `key` to the front; the rest keep their order. */
export function withFirst(candidates: RoutingCandidate[], key: string | undefined): RoutingCandidate[] {
  const first = key === undefined ? undefined : candidates.find((candidate) => candidate.key === key);
  if (!first) return [...candidates];
  return [first, ...candidates.filter((candidate) => candidate !== first)];
}

/** The session key strategies bind to: the client's session id, else the conversation hash. */
export function sessionKeyOf(request: RoutingRequestFacts): string | undefined {
  return request.sessionKey ?? request.conversationKey;
}

/** The target a session is bound to, when that target is among the candidates. */
export function sessionTarget(candidates: RoutingCandidate[], context: RoutingContext): RoutingCandidate | undefined {
  const sessionKey = sessionKeyOf(context.request);
  if (sessionKey === undefined) return undefined;
  const key = context.state.stickyTarget(context.comboName, sessionKey, context.now);
  return key === undefined ? undefined : candidates.find((candidate) => candidate.key === key);
}

/** Learned quota that still applies: a quota whose reset time has passed says nothing about now. */
export function currentQuota(context: RoutingContext, key: string): Quota | undefined {
  const quota = context.state.target(key).quota;
  return quota && quota.resetAt > context.now ? quota : undefined;
}

/** True when the provider said no requests are left until a reset that has not happened yet. */
export function quotaExhausted(quota: Quota | undefined): boolean {
  return quota !== undefined && quota.remaining <= 0;
}

/** Share of the quota left, in [0, 1]. */
export function quotaFraction(quota: Quota): number {
  if (quota.remaining <= 0) return 0;
  if (!(quota.limit > 0)) return 1;
  return Math.min(1, quota.remaining / quota.limit);
}

/** Expected USD for this request: input estimate plus the output cap, or `defaultOutputTokens` when uncapped. */
export function expectedCost(candidate: RoutingCandidate, request: RoutingRequestFacts, defaultOutputTokens = 1000): number | undefined {
  if (!candidate.price) return undefined;
  const outputTokens = request.maxOutputTokens ?? defaultOutputTokens;
  return (request.estimatedInputTokens * candidate.price.input + outputTokens * candidate.price.output) / 1_000_000;
}

/** Tokens the request needs the context window to hold: input estimate plus the output cap (0 when uncapped). */
export function requiredContextTokens(request: RoutingRequestFacts): number {
  return request.estimatedInputTokens + (request.maxOutputTokens ?? 0);
}
