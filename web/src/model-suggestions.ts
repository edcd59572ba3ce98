// Every name a client can use as a model (connection/model for each connection's models, and each combo), for
// the pickers in Combos and the Playground.
import type { Combo, Connection } from "./types.ts";

export function modelSuggestions(connections: Connection[] | undefined, combos: Combo[] | undefined): string[] {
  const names: string[] = [];
  for (const combo of combos ?? []) names.push(combo.name);
  for (const connection of connections ?? []) {
    if (!connection.enabled) continue;
    for (const model of connection.availableModels) names.push(`${connection.name}/${model}`);
  }
  return [...new Set(names)];
}
