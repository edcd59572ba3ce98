// GET /v1/models in the OpenAI list shape: every model of every usable connection as `connection/model`, plus
// combos.
import type { GatewayRuntime } from "./gateway-runtime.ts";

export type ModelListing = { id: string; object: "model"; created: number; owned_by: string };

export function listModels(runtime: GatewayRuntime): { object: "list"; data: ModelListing[] } {
  const data: ModelListing[] = [];
  for (const connection of runtime.connections.all()) {
    if (!connection.enabled || !connection.provider.usable || connection.problem) continue;
    for (const model of connection.models) {
      data.push({ id: `${connection.name}/${model}`, object: "model", created: 0, owned_by: connection.provider.id });
    }
  }
  for (const combo of runtime.combos.all()) data.push({ id: combo.name, object: "model", created: 0, owned_by: "amrouter-combo" });
  return { object: "list", data };
}
