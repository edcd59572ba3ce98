// Random but fair: deal the first target from a per-combo shuffled deck, so no target comes first twice before
// every target came first once. Targets added to the combo mid-round join the deck at the next shuffle.
import type { RoutingStrategy } from "../routing-strategy.ts";
import { shuffle } from "./candidate-ordering.ts";

export const strictRandomStrategy: RoutingStrategy = {
  name: "strict-random",
  description: "Deals first targets from a shuffled deck: no repeats until every target was first once.",
  order(candidates, context) {
    if (candidates.length === 0) return { ordered: [], skipped: [] };
    const byKey = new Map(candidates.map((candidate) => [candidate.key, candidate]));
    let deck = [...new Set(context.state.deck(context.comboName) ?? [])].filter((key) => byKey.has(key));
    if (deck.length === 0) deck = shuffle([...byKey.keys()], context.random);
    context.state.setDeck(context.comboName, deck.slice(1));
    // The dealt target, then the rest of the deck in deck order, then the targets already dealt this round.
    const fromDeck = deck.map((key) => byKey.get(key)!);
    const inDeck = new Set(fromDeck);
    return { ordered: [...fromDeck, ...candidates.filter((candidate) => !inDeck.has(candidate))], skipped: [] };
  },
};
