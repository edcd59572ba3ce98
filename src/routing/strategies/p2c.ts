// Power of two choices: pick two targets at random and lead with the less loaded one (fewer requests in flight,
// then lower latency average). It avoids herding onto one "best" target the way a global minimum does, with
// nearly the balance of checking all. Unmeasured latency counts as best so new targets get measured.
import type { RoutingCandidate, RoutingContext, RoutingStrategy } from "../routing-strategy.ts";
import { compareNumbers, randomIndex } from "./candidate-ordering.ts";

export const powerOfTwoChoicesStrategy: RoutingStrategy = {
  name: "p2c",
  description: "Two random targets, the less loaded (in flight, then latency) first; the rest by the same load.",
  order(candidates, context) {
    if (candidates.length < 2) return { ordered: [...candidates], skipped: [] };
    const first = randomIndex(candidates.length, context.random);
    let second = randomIndex(candidates.length - 1, context.random);
    if (second >= first) second++;
    const compare = (one: RoutingCandidate, other: RoutingCandidate) => compareLoad(one, other, context);
    // On a full tie the first draw wins, so ties stay uniformly random instead of favouring the combo's head.
    const winner = compare(candidates[second]!, candidates[first]!) < 0 ? candidates[second]! : candidates[first]!;
    const rest = candidates.filter((candidate) => candidate !== winner).sort(compare);
    return { ordered: [winner, ...rest], skipped: [] };
  },
};

function compareLoad(one: RoutingCandidate, other: RoutingCandidate, context: RoutingContext): number {
  const oneStatistics = context.state.target(one.key);
  const otherStatistics = context.state.target(other.key);
  const byInFlight = compareNumbers(oneStatistics.inFlight, otherStatistics.inFlight);
  if (byInFlight !== 0) return byInFlight;
  return compareNumbers(oneStatistics.latencyEwmaMs ?? -1, otherStatistics.latencyEwmaMs ?? -1);
}
