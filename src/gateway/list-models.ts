// The models a client can name (every `connection/model` of a usable connection, plus combos), in each
// client's own list format.
import type { GatewayRuntime } from "./gateway-runtime.ts";

export type ModelEntry = { id: string; ownedBy: string; contextWindow?: number; maxOutput?: number };

export function modelEntries(runtime: GatewayRuntime): ModelEntry[] {
  const entries: ModelEntry[] = [];
  for (const connection of runtime.connections.all()) {
    if (!connection.enabled || !connection.provider.usable || connection.problem) continue;
    for (const model of connection.models) {
      const catalogModel = runtime.connections.catalogModel(connection, model);
      entries.push({ id: `${connection.name}/${model}`, ownedBy: connection.provider.id, contextWindow: catalogModel?.contextWindow, maxOutput: catalogModel?.maxOutput });
    }
  }
  for (const combo of runtime.combos.all()) entries.push({ id: combo.name, ownedBy: "amrouter-combo" });
  return entries;
}

export function openAIModelList(entries: ModelEntry[]) {
  return { object: "list" as const, data: entries.map((entry) => ({ id: entry.id, object: "model" as const, created: 0, owned_by: entry.ownedBy })) };
}

export function anthropicModelList(entries: ModelEntry[]) {
  const data = entries.map((entry) => ({ type: "model" as const, id: entry.id, display_name: entry.id, created_at: "1970-01-01T00:00:00Z" }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

export function geminiModel(entry: ModelEntry) {
  return {
    name: `models/${entry.id}`,
    baseModelId: entry.id,
    version: "001",
    displayName: entry.id,
    inputTokenLimit: entry.contextWindow ?? 0,
    outputTokenLimit: entry.maxOutput ?? 0,
    supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens"],
  };
}

export function geminiModelList(entries: ModelEntry[]) {
  return { models: entries.map(geminiModel) };
}
