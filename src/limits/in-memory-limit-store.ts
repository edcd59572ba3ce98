// The limit store for a single gateway process. Each windowed counter is a ring of 60 slots (one-second slots for
// a one-minute window), so a key costs the same memory however busy it is, and the count slides with the clock
// instead of resetting at the top of each minute. The number of counters is capped: past the cap the least
// recently used one is dropped, which is the idlest one there is. Concurrency counters are not capped; they
// disappear when they return to zero, so there are never more of them than requests in flight.
import type { LimitStore } from "./limit-store.ts";

export const slotsPerWindow = 60;

export type InMemoryLimitStoreOptions = {
  /** Most windowed counters kept at once. Default 10 000. */
  maxKeys?: number;
};

export type InMemoryLimitStore = LimitStore & {
  /** Windowed counters currently kept (for tests and the dashboard). */
  readonly trackedKeys: number;
};

type Ring = {
  windowMs: number;
  slotMs: number;
  counts: Float64Array;
  /** Absolute slot number (time / slotMs) of the newest slot; older slots follow it around the ring. */
  newestSlot: number;
  total: number;
};

export function createInMemoryLimitStore(options: InMemoryLimitStoreOptions = {}): InMemoryLimitStore {
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  const rings = new Map<string, Ring>();
  /** The key `rings` holds last (its most recently used): using it again needs no move. */
  let newestKey: string | undefined;
  const concurrency = new Map<string, number>();

  const position = (slot: number) => ((slot % slotsPerWindow) + slotsPerWindow) % slotsPerWindow;

  /** Moves the ring forward to `now`, emptying the slots that left the window. A clock that went back is ignored. */
  const advance = (ring: Ring, now: number) => {
    const slot = Math.floor(now / ring.slotMs);
    if (slot <= ring.newestSlot) return;
    if (slot - ring.newestSlot >= slotsPerWindow) {
      ring.counts.fill(0);
      ring.total = 0;
    } else {
      for (let passed = ring.newestSlot + 1; passed <= slot; passed++) {
        const index = position(passed);
        ring.total -= ring.counts[index]!;
        ring.counts[index] = 0;
      }
    }
    ring.newestSlot = slot;
  };

  /** The ring for `key`, most recently used from now on; undefined when there is none for this window. */
  const existing = (key: string, windowMs: number): Ring | undefined => {
    const ring = rings.get(key);
    if (!ring || ring.windowMs !== windowMs) return undefined;
    if (key !== newestKey) {
      rings.delete(key);
      rings.set(key, ring);
      newestKey = key;
    }
    return ring;
  };

  const create = (key: string, windowMs: number, now: number): Ring => {
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError(`window must be a positive number of milliseconds, got ${windowMs}`);
    rings.delete(key);
    while (rings.size >= maxKeys) {
      const leastRecentlyUsed = rings.keys().next().value;
      if (leastRecentlyUsed === undefined) break;
      rings.delete(leastRecentlyUsed);
    }
    const slotMs = windowMs / slotsPerWindow;
    const ring: Ring = { windowMs, slotMs, counts: new Float64Array(slotsPerWindow), newestSlot: Math.floor(now / slotMs), total: 0 };
    rings.set(key, ring);
    newestKey = key;
    return ring;
  };

  const current = (key: string, windowMs: number, now: number): Ring | undefined => {
    const ring = existing(key, windowMs);
    if (ring) advance(ring, now);
    return ring;
  };

  return {
    hit(key, amount, windowMs, now) {
      const ring = current(key, windowMs, now) ?? create(key, windowMs, now);
      ring.counts[position(ring.newestSlot)]! += amount;
      ring.total += amount;
      return ring.total;
    },

    peek(key, windowMs, now) {
      return current(key, windowMs, now)?.total ?? 0;
    },

    freesAt(key, windowMs, below, now) {
      const ring = current(key, windowMs, now);
      const total = ring?.total ?? 0;
      if (total < below) return now;
      if (ring) {
        let remaining = total;
        for (let slot = ring.newestSlot - slotsPerWindow + 1; slot <= ring.newestSlot; slot++) {
          remaining -= ring.counts[position(slot)]!;
          // Slot `slot` stops counting once the newest slot is `slot + 60`.
          if (remaining < below) return Math.max(now, (slot + slotsPerWindow) * ring.slotMs);
        }
      }
      return now + windowMs; // nothing leaving the window brings it under (a limit of zero)
    },

    acquire(key, max) {
      const taken = concurrency.get(key) ?? 0;
      if (taken >= max) return false;
      concurrency.set(key, taken + 1);
      return true;
    },

    release(key) {
      const taken = concurrency.get(key) ?? 0;
      if (taken <= 1) concurrency.delete(key);
      else concurrency.set(key, taken - 1);
    },

    inFlight(key) {
      return concurrency.get(key) ?? 0;
    },

    get trackedKeys() {
      return rings.size;
    },
  };
}
