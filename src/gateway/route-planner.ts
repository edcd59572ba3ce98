// Turns resolved candidates into the ordered plan the attempt loop follows: the combo's strategy orders them,
// then targets that resilience says cannot be tried now (disabled, cooling down, locked, breaker open) are set
// aside with the reason and when they recover. Also the dry run behind POST /api/route/explain.
import { priceOf, type Connection } from "./connection-registry.ts";
import type { GatewayRuntime } from "./gateway-runtime.ts";
import type { ResilienceCandidate } from "../resilience/resilience-state.ts";
import type { Candidate, Resolution } from "../routing/resolve-model.ts";
import type { RoutingCandidate, RoutingRequestFacts } from "../routing/routing-strategy.ts";
import { defaultStrategyName, routingStrategies } from "../routing/strategies/index.ts";

export type SkippedTarget = { key: string; reason: string; until?: number };

export type RoutePlan = {
  strategy: string;
  comboName: string | undefined;
  ordered: RoutingCandidate[];
  skipped: SkippedTarget[];
  maxAttempts: number;
  facts: RoutingRequestFacts;
  /** The combo's own fall-through statuses, when it names them. */
  fallThroughStatuses: number[] | undefined;
};

export function strategyOf(resolution: Resolution): string {
  const name = resolution.combo?.strategy ?? defaultStrategyName;
  return routingStrategies[name] ? name : defaultStrategyName;
}

/** The breaker key: a catalog provider shares one breaker; each custom upstream is its own provider. */
export function breakerKeyOf(connection: Pick<Connection, "name"> & { provider: { id: string; custom: boolean } }): string {
  return connection.provider.custom ? `custom:${connection.name}` : connection.provider.id;
}

/**
 * A target's routing and resilience views depend only on its connection object (a reload builds new ones) and
 * model, and nothing changes them after they are built: each is built once and shared by every request.
 */
type TargetViews = { routing: RoutingCandidate; resilience: ResilienceCandidate };
const maxModelsPerConnection = 1024;
/** Longer ids (any length a body allows) are built per request, so the memo stays a few hundred kilobytes. */
const maxMemoisedModelIdLength = 200;
const targetViews = new WeakMap<Connection, Map<string, TargetViews>>();

function viewsOf(connection: Connection, modelId: string): TargetViews {
  let byModel = targetViews.get(connection);
  if (!byModel) {
    byModel = new Map();
    targetViews.set(connection, byModel);
  }
  let views = byModel.get(modelId);
  if (!views) {
    // Model ids come from clients (`connection/any-id`), so the memo is bounded in entries and in id length.
    if (byModel.size >= maxModelsPerConnection) byModel.clear();
    const model = connection.provider.models.find((entry) => entry.id === modelId);
    const routing: RoutingCandidate = {
      connection,
      model: modelId,
      key: `${connection.name}/${modelId}`,
      weight: connection.weight,
      tags: connection.tags,
      contextWindow: model?.contextWindow,
      maxOutput: model?.maxOutput,
      price: priceOf(connection, modelId),
      capabilities: model?.capabilities,
    };
    const resilience: ResilienceCandidate = {
      connectionName: connection.name,
      providerId: breakerKeyOf(connection),
      model: modelId,
      credentialFingerprint: connection.credentialFingerprint,
    };
    views = { routing, resilience };
    if (modelId.length <= maxMemoisedModelIdLength) byModel.set(modelId, views);
  }
  return views;
}

export function resilienceCandidate(candidate: Candidate): ResilienceCandidate {
  return viewsOf(candidate.connection, candidate.model).resilience;
}

function toRoutingCandidates(resolution: Resolution): RoutingCandidate[] {
  return resolution.candidates.map((candidate) => viewsOf(candidate.connection, candidate.model).routing);
}

export function planRoute(runtime: GatewayRuntime, resolution: Resolution, facts: RoutingRequestFacts, now = Date.now()): RoutePlan {
  const strategy = strategyOf(resolution);
  const candidates = toRoutingCandidates(resolution);
  const decision = routingStrategies[strategy]!.order(candidates, {
    comboName: resolution.combo?.name ?? "",
    request: facts,
    state: runtime.selection,
    now,
    random: Math.random,
  });
  const skipped: SkippedTarget[] = decision.skipped.map(({ candidate, reason }) => ({ key: candidate.key, reason }));
  const ordered: RoutingCandidate[] = [];
  for (const candidate of decision.ordered) {
    const blocked = runtime.settings.resilience ? runtime.resilience.blockedReason(resilienceCandidate(candidate), now) : undefined;
    if (blocked) skipped.push({ key: candidate.key, reason: blocked.reason, ...(blocked.until !== undefined ? { until: blocked.until } : {}) });
    else ordered.push(candidate);
  }
  return {
    strategy,
    comboName: resolution.combo?.name,
    ordered,
    skipped,
    maxAttempts: resolution.combo?.maxAttempts ?? Math.max(candidates.length, 1),
    facts,
    fallThroughStatuses: resolution.combo?.fallThroughStatuses,
  };
}
