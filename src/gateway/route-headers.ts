// The x-amrouter-* headers that tell a client which route served it.
import type { RoutingCandidate } from "../routing/routing-strategy.ts";

export function routeHeaders(candidate: RoutingCandidate, attempts: number, strategy: string | undefined, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    "x-amrouter-request-id": requestId,
    "x-amrouter-route": candidate.key,
    "x-amrouter-attempts": String(attempts),
  };
  if (strategy) headers["x-amrouter-strategy"] = strategy;
  return headers;
}
