// Asks each connection's upstream which models it serves (in its family's listing format), in the background at
// boot and every refresh interval, so /v1/models and bare model names include them. A failure only logs: it never
// blocks or fails a request.
import type { Logger } from "../logging/logger.ts";
import { canListModels, listUpstreamModels } from "../upstream/list-upstream-models.ts";
import type { Connection, ConnectionRegistry } from "./connection-registry.ts";

export type ModelDiscovery = { refresh(): Promise<void>; stop(): void };

export function startModelDiscovery(connections: ConnectionRegistry, logger: Logger, refreshIntervalMs = 10 * 60_000, timeoutMs = 5000): ModelDiscovery {
  const refresh = async () => {
    const targets = connections
      .all()
      .filter((connection) => connection.enabled && !connection.problem && canListModels(connection));
    await Promise.all(
      targets.map(async (connection) => {
        try {
          const ids = await listUpstreamModels(connection, timeoutMs);
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
