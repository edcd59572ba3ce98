// Asks a running gateway on this data directory for its live resilience state (breakers, cooldowns, lockouts),
// signing in the way the dashboard does, with a short session minted from the JWT_SECRET in DATA_DIR/.env. The
// state lives in the gateway's memory, so this is how the CLI can show it; a gateway that is not running is fine.
import type { GatewaySettings } from "../config/settings.ts";
import { issueSessionToken } from "../security/session-token.ts";

type Entry = Record<string, unknown>;
export type LiveHealth = { breakers: Entry[]; cooldowns: Entry[]; lockouts: Entry[] };

export async function fetchLiveHealth(settings: GatewaySettings, timeoutMs = 1000): Promise<LiveHealth | undefined> {
  const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${settings.port}/api/health/resilience`;
  const token = issueSessionToken(settings.jwtSecret, "amrouter-cli", 60);
  try {
    const response = await fetch(url, { headers: { cookie: `amrouter_session=${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Partial<LiveHealth>;
    return { breakers: body.breakers ?? [], cooldowns: body.cooldowns ?? [], lockouts: body.lockouts ?? [] };
  } catch {
    return undefined;
  }
}

/** One line of live state for a connection: its cooldown or disablement, its models' lockouts, its breaker. */
export function describeLiveHealth(health: LiveHealth, connectionName: string, breakerKey: string, now = Date.now()): string {
  const parts: string[] = [];
  const inSeconds = (until: unknown) => (typeof until === "number" ? ` ${Math.max(0, Math.ceil((until - now) / 1000))}s` : "");
  for (const cooldown of health.cooldowns) {
    if (cooldown.connectionName !== connectionName) continue;
    const disabled = cooldown.disabled as { reason?: string } | undefined;
    if (disabled) parts.push(`disabled (${disabled.reason ?? "credentials refused"})`);
    else if (cooldown.until) parts.push(`cooling down${inSeconds(cooldown.until)}`);
  }
  for (const lockout of health.lockouts) if (lockout.connectionName === connectionName) parts.push(`${String(lockout.model)} locked${inSeconds(lockout.until)}`);
  const breaker = health.breakers.find((entry) => entry.providerId === breakerKey);
  if (breaker && breaker.state !== "closed") parts.push(`breaker ${String(breaker.state)}${inSeconds(breaker.openUntil)}`);
  return parts.length > 0 ? parts.join(", ") : "healthy";
}
