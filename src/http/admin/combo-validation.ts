// Checks a combo before it is saved: a known strategy, a name no connection uses, and targets that each name
// something real (connection/model, provider/model, a combo, or a model some connection offers), with no cycle
// through other combos.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { routingStrategies, strategyNames } from "../../routing/strategies/index.ts";
import { ConflictError } from "./admin-plugin.ts";

export type ComboDraft = { name: string; strategy: string; targets: string[] };

function comboReference(target: string, comboNames: Set<string>): string | undefined {
  if (target.startsWith("combo:") || target.startsWith("combo/")) return target.slice(6);
  return comboNames.has(target) ? target : undefined;
}

function targetProblem(runtime: GatewayRuntime, target: string): string | undefined {
  const slash = target.indexOf("/");
  if (slash > 0) {
    const prefix = target.slice(0, slash);
    if (!target.slice(slash + 1)) return `"${target}" names no model after the slash`;
    if (runtime.connections.byName(prefix) || runtime.catalog.get(prefix)) return undefined;
    return `"${target}": "${prefix}" is neither a connection nor a catalog provider`;
  }
  if (runtime.connections.all().some((connection) => connection.models.includes(target))) return undefined;
  return `"${target}" is not a combo and no connection offers a model by that name (use connection/model)`;
}

export function validateCombo(runtime: GatewayRuntime, draft: ComboDraft): void {
  if (!routingStrategies[draft.strategy]) {
    throw new InvalidRequestError(`Unknown strategy "${draft.strategy}". Use one of: ${strategyNames.join(", ")}.`, "unknown_strategy", "strategy");
  }
  if (runtime.connections.byName(draft.name)) throw new ConflictError(`"${draft.name}" is already a connection name.`);
  const graph = new Map(runtime.combos.all().map((combo) => [combo.name, combo.targets]));
  graph.set(draft.name, draft.targets);
  const comboNames = new Set(graph.keys());
  const problems: string[] = [];
  for (const target of draft.targets) {
    const referenced = comboReference(target, comboNames);
    if (referenced !== undefined) {
      if (!graph.has(referenced)) problems.push(`"${target}" names a combo that does not exist`);
      continue;
    }
    const problem = targetProblem(runtime, target);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new InvalidRequestError(`Invalid targets: ${problems.join("; ")}.`, "invalid_target", "targets");
  const cycle = findCycle(draft.name, graph, comboNames);
  if (cycle) throw new InvalidRequestError(`These combos would call each other in a loop: ${cycle.join(" → ")}.`, "combo_cycle", "targets");
}

function findCycle(start: string, graph: Map<string, string[]>, comboNames: Set<string>): string[] | undefined {
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const index = path.indexOf(name);
    if (index >= 0) return [...path.slice(index), name];
    path.push(name);
    for (const target of graph.get(name) ?? []) {
      const next = comboReference(target, comboNames);
      if (next === undefined) continue;
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    return undefined;
  };
  return visit(start);
}
