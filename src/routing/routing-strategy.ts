// The one interface every routing strategy implements: given a combo's candidates and what is known about this
// request and the targets, return them in the order the attempt loop should try them, with a reason for each
// one left out. Strategies decide order only; the attempt loop, breakers and cooldowns decide what happens.
import type { Candidate } from "./resolve-model.ts";
import type { SelectionState } from "./selection-state.ts";

export type RoutingCandidate = Candidate & {
  /** `connection/model`, the key for every per-target statistic. */
  key: string;
  weight: number;
  tags: string[];
  /** From the catalog when known. */
  contextWindow?: number;
  maxOutput?: number;
  /** USD per million tokens. */
  price?: { input: number; output: number; cachedInput?: number };
  capabilities?: string[];
};

export type RoutingRequestFacts = {
  estimatedInputTokens: number;
  maxOutputTokens?: number;
  needsTools: boolean;
  needsVision: boolean;
  /** A client session id (header `x-session-id` / `x-amrouter-session`, or the combo's sticky key). */
  sessionKey?: string;
  /** A hash of the conversation's first turns, for stickiness when the client sends no session id. */
  conversationKey?: string;
};

export type RoutingContext = {
  comboName: string;
  request: RoutingRequestFacts;
  state: SelectionState;
  now: number;
  /** Injected so tests are deterministic. */
  random: () => number;
};

export type RoutingDecision = {
  ordered: RoutingCandidate[];
  skipped: Array<{ candidate: RoutingCandidate; reason: string }>;
};

export type RoutingStrategy = {
  name: string;
  /** One line for the README, the dashboard and route explain. */
  description: string;
  order(candidates: RoutingCandidate[], context: RoutingContext): RoutingDecision;
};
