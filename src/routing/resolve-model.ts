// Turns the model a client asked for into an ordered list of candidates (connection + upstream model id):
// `connection/model`, `provider/model`, a combo (`combo:NAME`, `combo/NAME` or its bare name), or a bare model
// id offered by some connection.
import { NotFoundError, PermissionError } from "../errors/gateway-errors.ts";
import type { Connection, ConnectionRegistry } from "../gateway/connection-registry.ts";
import type { Combo, ComboRegistry } from "./combo-registry.ts";

export type Candidate = { connection: Connection; model: string };
export type Resolution = { candidates: Candidate[]; combo: Combo | undefined };

const maxComboDepth = 4;

export function resolveModel(requested: string, connections: ConnectionRegistry, combos: ComboRegistry): Resolution {
  const combo = findCombo(requested, combos);
  if (combo) return { candidates: dedupe(expandCombo(combo, connections, combos, 0, new Set())), combo };
  const candidates = resolveTarget(requested, connections);
  if (candidates.length === 0) {
    const explicit = explicitConnection(requested, connections);
    if (explicit && !explicit.enabled) throw new PermissionError(`Connection "${explicit.name}" is disabled`);
    if (explicit?.problem) throw new PermissionError(`Connection "${explicit.name}" cannot be used: ${explicit.problem}`);
    throw new NotFoundError(
      `The model "${requested}" does not exist here. Use an id from GET /v1/models: connection/model, provider/model or a combo name.`,
      "model_not_found",
      "model",
    );
  }
  return { candidates, combo: undefined };
}

function findCombo(requested: string, combos: ComboRegistry): Combo | undefined {
  if (requested.startsWith("combo:")) return combos.get(requested.slice(6));
  if (requested.startsWith("combo/")) return combos.get(requested.slice(6));
  return combos.get(requested);
}

function usable(connection: Connection): boolean {
  return connection.enabled && connection.provider.usable && connection.problem === undefined;
}

function explicitConnection(requested: string, connections: ConnectionRegistry): Connection | undefined {
  const slash = requested.indexOf("/");
  return slash > 0 ? connections.byName(requested.slice(0, slash)) : undefined;
}

function resolveTarget(target: string, connections: ConnectionRegistry): Candidate[] {
  const slash = target.indexOf("/");
  if (slash > 0) {
    const prefix = target.slice(0, slash);
    const model = target.slice(slash + 1);
    if (!model) return [];
    const connection = connections.byName(prefix);
    if (connection) return usable(connection) ? [{ connection, model }] : [];
    const ofProvider = connections.byProvider(prefix).filter(usable);
    if (ofProvider.length > 0) return ofProvider.map((each) => ({ connection: each, model }));
  }
  return connections
    .all()
    .filter((connection) => usable(connection) && connection.models.includes(target))
    .map((connection) => ({ connection, model: target }));
}

function expandCombo(combo: Combo, connections: ConnectionRegistry, combos: ComboRegistry, depth: number, seen: Set<string>): Candidate[] {
  if (depth >= maxComboDepth || seen.has(combo.name)) return [];
  seen.add(combo.name);
  const candidates: Candidate[] = [];
  for (const target of combo.targets) {
    const nested = findCombo(target, combos);
    if (nested) candidates.push(...expandCombo(nested, connections, combos, depth + 1, seen));
    else candidates.push(...resolveTarget(target, connections));
  }
  seen.delete(combo.name);
  return candidates;
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = `${candidate.connection.name}/${candidate.model}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
