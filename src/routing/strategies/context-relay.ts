// Long sessions on quota-limited accounts: keep a session on its current target (its sticky binding) while that
// target has quota, and hand it to the next target in the combo before the quota runs out (under 10% left), so
// the conversation continues elsewhere instead of failing mid-session. Without a binding it is priority order.
// The gateway carries the conversation across (see `relayedFrom`); this strategy only decides the order.
import type { RoutingCandidate, RoutingContext, RoutingStrategy } from "../routing-strategy.ts";
import { currentQuota, quotaFraction, sessionKeyOf, sessionTarget } from "./candidate-ordering.ts";

/** Below this share of quota left, the session moves on. */
export const relayThreshold = 0.1;

export const contextRelayStrategy: RoutingStrategy = {
  name: "context-relay",
  description: "The session's target first until under 10% quota left, then the next target, carrying the context.",
  order(candidates, context) {
    const bound = sessionTarget(candidates, context);
    if (!bound) return { ordered: [...candidates], skipped: [] };
    const others = candidates.filter((candidate) => candidate !== bound);
    if (!needsRelay(bound, context) || others.length === 0) return { ordered: [bound, ...others], skipped: [] };
    const boundIndex = candidates.indexOf(bound);
    const next = candidates[(boundIndex + 1) % candidates.length]!;
    return { ordered: [next, bound, ...others.filter((candidate) => candidate !== next)], skipped: [] };
  },
};

function needsRelay(candidate: RoutingCandidate, context: RoutingContext): boolean {
  const quota = currentQuota(context, candidate.key);
  return quota !== undefined && quotaFraction(quota) < relayThreshold;
}

/**
 * The session's previous target when `answeredBy` is a different one, i.e. the conversation was relayed and the
 * gateway must carry its context over (and rebind the session); undefined when nothing moved. Call it before
 * rebinding the session to `answeredBy`.
 */
export function relayedFrom(context: RoutingContext, answeredBy: string): string | undefined {
  const sessionKey = sessionKeyOf(context.request);
  if (sessionKey === undefined) return undefined;
  const bound = context.state.stickyTarget(context.comboName, sessionKey, context.now);
  return bound !== undefined && bound !== answeredBy ? bound : undefined;
}
