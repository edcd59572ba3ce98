// Keep one conversation on one target, so provider-side prompt caches stay warm and answers stay consistent:
// a session bound to a target that is still a candidate goes there first; otherwise combo order. The gateway
// binds the session after a successful answer with `bindStickySession`.
import type { RoutingRequestFacts, RoutingStrategy } from "../routing-strategy.ts";
import type { SelectionState } from "../selection-state.ts";
import { sessionKeyOf, sessionTarget, withFirst } from "./candidate-ordering.ts";

/** How long a session stays bound after its last successful request, unless the combo says otherwise. */
export const defaultStickySessionTtlMs = 30 * 60 * 1000;

export const stickyStrategy: RoutingStrategy = {
  name: "sticky",
  description: "The target this session last succeeded on first, then combo order.",
  order: (candidates, context) => ({ ordered: withFirst(candidates, sessionTarget(candidates, context)?.key), skipped: [] }),
};

/**
 * Binds the request's session (its session key, else its conversation key) to the target that answered.
 * Call after every success on a combo using sticky or context-relay; each call renews the time to live.
 */
export function bindStickySession(
  state: SelectionState,
  comboName: string,
  request: RoutingRequestFacts,
  targetKey: string,
  now: number,
  ttlMs = defaultStickySessionTtlMs,
): void {
  const sessionKey = sessionKeyOf(request);
  if (sessionKey !== undefined) state.setStickyTarget(comboName, sessionKey, targetKey, now, ttlMs);
}
