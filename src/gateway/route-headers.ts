// The x-amrouter-* headers that tell a client which route served it.
import type { Candidate } from "../routing/resolve-model.ts";

export function routeHeaders(candidate: Candidate, attempts: number, strategy: string | undefined, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    "x-amrouter-request-id": requestId,
    "x-amrouter-route": `${candidate.connection.name}/${candidate.model}`,
    "x-amrouter-attempts": String(attempts),
  };
  if (strategy) headers["x-amrouter-strategy"] = strategy;
  return headers;
}
