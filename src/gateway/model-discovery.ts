// Asks each connection's upstream which models it serves (GET {baseUrl}/models), in the background at boot and
// every refresh interval, so /v1/models and bare model names include them. A failure only logs: it never
// blocks or fails a request.
import type { Logger } from "../logging/logger.ts";
import { sendUpstream } from "../upstream/send-upstream.ts";
import type { Connection, ConnectionRegistry } from "./connection-registry.ts";

const discoverableFamilies = new Set(["openai-chat", "openai-responses", "azure-openai"]);

export type ModelDiscovery = { refresh(): Promise<void>; stop(): void };

async function fetchModelIds(connection: Connection, timeoutMs: number): Promise<string[]> {
  const response = await sendUpstream({ connection, method: "GET", path: "/models", timeoutMs });
  const body = (await response.json()) as { data?: Array<{ id?: unknown }> };
  return (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === "string" && id.length > 0);
}

export function startModelDiscovery(connections: ConnectionRegistry, logger: Logger, refreshIntervalMs = 10 * 60_000, timeoutMs = 5000): ModelDiscovery {
  const refresh = async () => {
    const targets = connections
      .all()
      .filter((connection) => connection.enabled && !connection.problem && discoverableFamilies.has(connection.provider.family) && !connection.provider.quirks?.noModelsEndpoint);
    await Promise.all(
      targets.map(async (connection) => {
        try {
          const ids = await fetchModelIds(connection, timeoutMs);
          connections.setDiscoveredModels(connection.name, ids);
          logger.debug(`discovered ${ids.length} models at ${connection.name}`);
        } catch (error) {
          logger.debug(`model discovery at ${connection.name} failed: ${(error as Error).message}`);
        }
      }),
    );
  };
  const timer = setInterval(() => void refresh(), refreshIntervalMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
