// Keeps a rate-limited or out-of-quota connection out of rotation for as long as the provider asks (its retry
// hint), or else for an exponentially growing, jittered backoff; a success resets it. Also holds connections disabled
// by a 401/403 until their credentials change. Expiry is lazy: a cooldown simply reads as over once `now` passes it.

import { withDefaults } from "./with-defaults.ts";

export type CooldownOptions = {
  /** First backoff step. Default 1 000 ms. */
  baseMs: number;
  /** Backoff ceiling. Default 300 000 ms (5 min). */
  maxMs: number;
  /** Ceiling for a provider's retry hint, against absurd or malicious values. Default 3 600 000 ms (1 h). */
  maxHintMs: number;
  /** Uniform in [0, 1); injected so tests are deterministic. */
  random: () => number;
};

export const defaultCooldownOptions: Omit<CooldownOptions, "random"> = {
  baseMs: 1000,
  maxMs: 300_000,
  maxHintMs: 3_600_000,
};

export type CooldownSnapshot = {
  connectionName: string;
  /** Cooling down until then (absent when not cooling down). */
  until?: number;
  /** Failures since the last success; drives the backoff exponent. */
  consecutiveFailures: number;
  disabled?: { reason: string };
};

export type Cooldowns = {
  /** Records a rate-limit/quota failure and returns when the connection may be used again. */
  coolDown(connectionName: string, now: number, retryAtMs?: number): number;
  recordSuccess(connectionName: string): void;
  /** When the cooldown ends, or undefined when there is none (or it is over). */
  until(connectionName: string, now: number): number | undefined;
  /** `credentialFingerprint` identifies the credentials that failed: a hash, never the secret itself. */
  disable(connectionName: string, reason: string, credentialFingerprint: string): void;
  /** Disabled and still on the same credentials? A different fingerprint re-enables the connection. */
  isDisabled(connectionName: string, currentCredentialFingerprint: string): { reason: string } | undefined;
  all(now: number): CooldownSnapshot[];
};

type Entry = {
  consecutiveFailures: number;
  until?: number;
  disabled?: { reason: string; credentialFingerprint: string };
};

export function createCooldowns(options: Partial<CooldownOptions> & Pick<CooldownOptions, "random">): Cooldowns {
  const settings = withDefaults<CooldownOptions>({ ...defaultCooldownOptions, random: options.random }, options);
  const entries = new Map<string, Entry>();

  const entryFor = (connectionName: string): Entry => {
    let entry = entries.get(connectionName);
    if (!entry) {
      entry = { consecutiveFailures: 0 };
      entries.set(connectionName, entry);
    }
    return entry;
  };

  const active = (entry: Entry | undefined, now: number): number | undefined =>
    entry?.until !== undefined && entry.until > now ? entry.until : undefined;

  /** base·2^(n-1), capped, times a factor in [0.5, 1): "equal jitter", never less than half the step. */
  const backoffMs = (failures: number): number => {
    const step = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(failures - 1, 52));
    const random = Math.min(Math.max(settings.random(), 0), 1);
    return Math.min(settings.maxMs, step * (0.5 + 0.5 * random));
  };

  return {
    coolDown(connectionName, now, retryAtMs) {
      const entry = entryFor(connectionName);
      // A streak that ended long ago (quiet for longer than the backoff ceiling) starts over.
      if (entry.until !== undefined && now - entry.until > settings.maxMs) entry.consecutiveFailures = 0;
      entry.consecutiveFailures += 1;
      const next =
        retryAtMs !== undefined && Number.isFinite(retryAtMs)
          ? Math.min(Math.max(retryAtMs, now), now + settings.maxHintMs)
          : now + backoffMs(entry.consecutiveFailures);
      // Concurrent failures never shorten a cooldown already in force.
      entry.until = Math.max(active(entry, now) ?? next, next);
      return entry.until;
    },

    recordSuccess(connectionName) {
      const entry = entries.get(connectionName);
      if (!entry) return;
      if (entry.disabled) {
        entry.consecutiveFailures = 0;
        entry.until = undefined;
      } else entries.delete(connectionName);
    },

    until(connectionName, now) {
      return active(entries.get(connectionName), now);
    },

    disable(connectionName, reason, credentialFingerprint) {
      entryFor(connectionName).disabled = { reason, credentialFingerprint };
    },

    isDisabled(connectionName, currentCredentialFingerprint) {
      const entry = entries.get(connectionName);
      if (!entry?.disabled) return undefined;
      if (entry.disabled.credentialFingerprint !== currentCredentialFingerprint) {
        entry.disabled = undefined; // credentials changed: give the connection another chance
        return undefined;
      }
      return { reason: entry.disabled.reason };
    },

    all(now) {
      const snapshots: CooldownSnapshot[] = [];
      for (const [connectionName, entry] of entries) {
        const until = active(entry, now);
        if (until === undefined && !entry.disabled) continue;
        snapshots.push({
          connectionName,
          ...(until === undefined ? {} : { until }),
          consecutiveFailures: entry.consecutiveFailures,
          ...(entry.disabled ? { disabled: { reason: entry.disabled.reason } } : {}),
        });
      }
      return snapshots;
    },
  };
}
