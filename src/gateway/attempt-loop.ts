// Tries candidates in order until one answers. Falls through on retryable failures (429, 5xx, timeouts,
// unreachable); a client error (4xx) or a client that went away ends the loop at once.
import { GatewayError, UpstreamError } from "../errors/gateway-errors.ts";
import type { Candidate, Resolution } from "../routing/resolve-model.ts";
import { ClientClosedError } from "../upstream/send-upstream.ts";

export type AttemptOutcome<T> = { result: T; candidate: Candidate; attempts: number };

export function isRetryable(error: unknown): boolean {
  if (error instanceof ClientClosedError) return false;
  if (error instanceof UpstreamError) return error.retryable;
  return error instanceof GatewayError && (error.kind === "upstream" || error.kind === "timeout");
}

export async function runAttempts<T>(resolution: Resolution, attempt: (candidate: Candidate) => Promise<T>): Promise<AttemptOutcome<T>> {
  const { candidates, combo } = resolution;
  if (candidates.length === 0) {
    throw new GatewayError(`No usable target in combo "${combo?.name}": every connection it names is disabled or missing`, 503, "unavailable", "no_usable_target");
  }
  const maxAttempts = Math.min(candidates.length, combo?.maxAttempts ?? candidates.length);
  const failures: Array<{ candidate: Candidate; error: GatewayError }> = [];
  for (let index = 0; index < maxAttempts; index++) {
    const candidate = candidates[index]!;
    try {
      return { result: await attempt(candidate), candidate, attempts: index + 1 };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (!isRetryable(error)) throw error;
      failures.push({ candidate, error });
    }
  }
  if (failures.length === 1) throw failures[0]!.error;
  const statuses = new Set(failures.map((failure) => failure.error.status));
  const summary = failures.map(({ candidate, error }) => `${candidate.connection.name}/${candidate.model}: ${error.status} ${error.message}`).join("; ");
  const status = statuses.size === 1 ? [...statuses][0]! : 503;
  throw new GatewayError(`All ${failures.length} targets failed. ${summary}`, status, status === 429 ? "rate_limit" : "unavailable", "all_targets_failed", null, failures.at(-1)!.error.headers);
}
