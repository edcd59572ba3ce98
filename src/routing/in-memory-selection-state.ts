// The default SelectionState for a single gateway process: plain Maps, bounded so that a flood of session ids or
// a long-lived process cannot grow memory without limit. A shared store can replace it behind the same interface.
import type { SelectionState, TargetStatistics } from "./selection-state.ts";

export type InMemorySelectionStateOptions = {
  /** Called when a combo's last known good target changes, so the gateway can persist it. */
  onLastKnownGoodChange?(comboName: string, key: string): void;
  /** Last known good targets loaded from storage at startup; seeding them does not call onLastKnownGoodChange. */
  lastKnownGood?: Record<string, string>;
};

/** Weight of the newest sample in the latency moving average. */
export const latencyEwmaAlpha = 0.3;
/** Sticky session bindings kept at most; the least recently bound is forgotten first. */
export const maxStickySessions = 50_000;
/** Per-target statistics kept at most (targets are configured, so this only guards against misuse). */
export const maxTargets = 10_000;
/** Per-combo cursors, decks and last known good entries kept at most. */
export const maxCombos = 10_000;

type StickyBinding = { key: string; expiresAt: number };

export function createInMemorySelectionState(options: InMemorySelectionStateOptions = {}): SelectionState {
  const targets = new Map<string, TargetStatistics>();
  const cursors = new Map<string, number>();
  const decks = new Map<string, string[]>();
  const lastKnownGood = new Map<string, string>(Object.entries(options.lastKnownGood ?? {}));
  const sticky = new Map<string, StickyBinding>();

  const statisticsFor = (key: string): TargetStatistics => {
    let statistics = targets.get(key);
    if (!statistics) {
      statistics = { requests: 0, successes: 0, failures: 0, inFlight: 0 };
      setBounded(targets, key, statistics, maxTargets);
    }
    return statistics;
  };
  const stickyId = (comboName: string, sessionKey: string) => `${comboName}\u0000${sessionKey}`;

  return {
    target(key) {
      const statistics = targets.get(key);
      if (!statistics) return { requests: 0, successes: 0, failures: 0, inFlight: 0 };
      return { ...statistics, quota: statistics.quota && { ...statistics.quota } };
    },
    recordStart(key) {
      const statistics = statisticsFor(key);
      statistics.requests++;
      statistics.inFlight++;
    },
    recordSuccess(key, timeToFirstByteMs, now) {
      const statistics = statisticsFor(key);
      statistics.successes++;
      statistics.inFlight = Math.max(0, statistics.inFlight - 1);
      statistics.lastSuccessAt = now;
      if (Number.isFinite(timeToFirstByteMs) && timeToFirstByteMs >= 0) {
        const previous = statistics.latencyEwmaMs;
        statistics.latencyEwmaMs = previous === undefined ? timeToFirstByteMs : latencyEwmaAlpha * timeToFirstByteMs + (1 - latencyEwmaAlpha) * previous;
      }
    },
    recordFailure(key, now) {
      const statistics = statisticsFor(key);
      statistics.failures++;
      statistics.inFlight = Math.max(0, statistics.inFlight - 1);
      statistics.lastFailureAt = now;
    },
    recordQuota(key, quota) {
      statisticsFor(key).quota = { ...quota };
    },
    nextCursor(comboName, modulo) {
      if (!(modulo >= 1)) return 0;
      const value = (cursors.get(comboName) ?? 0) % modulo;
      setBounded(cursors, comboName, (value + 1) % modulo, maxCombos);
      return value;
    },
    deck(comboName) {
      const deck = decks.get(comboName);
      return deck && [...deck];
    },
    setDeck(comboName, keys) {
      setBounded(decks, comboName, [...keys], maxCombos);
    },
    lastKnownGood(comboName) {
      return lastKnownGood.get(comboName);
    },
    setLastKnownGood(comboName, key) {
      if (lastKnownGood.get(comboName) === key) return;
      setBounded(lastKnownGood, comboName, key, maxCombos);
      options.onLastKnownGoodChange?.(comboName, key);
    },
    stickyTarget(comboName, sessionKey, now) {
      const id = stickyId(comboName, sessionKey);
      const binding = sticky.get(id);
      if (!binding) return undefined;
      if (binding.expiresAt <= now) {
        sticky.delete(id);
        return undefined;
      }
      return binding.key;
    },
    setStickyTarget(comboName, sessionKey, key, now, ttlMs) {
      setBounded(sticky, stickyId(comboName, sessionKey), { key, expiresAt: now + ttlMs }, maxStickySessions);
    },
  };
}

/** Sets `key` as the newest entry and drops the oldest ones beyond `cap` (Maps iterate in insertion order). */
function setBounded<Value>(map: Map<string, Value>, key: string, value: Value, cap: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > cap) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}
