// The four limits on one upstream attempt (connect, time to first byte, idle gap between stream chunks, total),
// their defaults, how a combo's settings override the global ones, and the idle watchdog for streams, which owns
// its own timer: a stream gap can only be noticed by waiting for it. Fixed limits (time to an upstream's headers,
// a stream's total) share one timer per length in deadline-queue.ts.

export type TimeoutSettings = {
  /** Until the TCP/TLS connection is up. */
  connectMs: number;
  /** Until the response headers (and so the first byte) arrive. */
  firstByteMs: number;
  /** Longest silence between two chunks of a streamed body. */
  idleMs: number;
  /** The whole attempt, body included. */
  totalMs: number;
};

export const defaultTimeouts: TimeoutSettings = {
  connectMs: 10_000,
  firstByteMs: 120_000,
  idleMs: 60_000,
  totalMs: 600_000,
};

const keys = ["connectMs", "firstByteMs", "idleMs", "totalMs"] as const;

function usable(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

/**
 * Defaults, overridden by the global settings, overridden by the combo's. Values that are not positive finite
 * numbers are ignored. No limit exceeds the total: a first-byte limit longer than the whole attempt means nothing.
 */
export function resolveTimeouts(global: Partial<TimeoutSettings>, combo?: Partial<TimeoutSettings>): TimeoutSettings {
  const resolved = { ...defaultTimeouts };
  for (const source of [global, combo ?? {}]) {
    for (const key of keys) {
      const value = source[key];
      if (usable(value)) resolved[key] = value;
    }
  }
  resolved.connectMs = Math.min(resolved.connectMs, resolved.totalMs);
  resolved.firstByteMs = Math.min(resolved.firstByteMs, resolved.totalMs);
  resolved.idleMs = Math.min(resolved.idleMs, resolved.totalMs);
  return resolved;
}

export type IdleWatchdog = {
  /** A chunk arrived: restart the idle clock. */
  touch(): void;
  /** The stream ended: never fire. */
  stop(): void;
};

/**
 * Calls `onIdle` once if `touch` is not called for `idleMs`. The timer is unref'd so it never keeps the process
 * alive; after firing or `stop`, `touch` does nothing. A touch only notes the time (streams touch once per
 * chunk); when the timer comes due it looks at the last touch and waits out the rest of the gap if there was one.
 */
export function createIdleWatchdog(idleMs: number, onIdle: () => void): IdleWatchdog {
  return new IdleTimer(idleMs, onIdle);
}

/** A class, not closures: one is made per streamed request. */
class IdleTimer implements IdleWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;
  private lastTouch = performance.now();

  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {
    this.arm(idleMs);
  }

  touch(): void {
    if (!this.finished) this.lastTouch = performance.now();
  }

  stop(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  arm(delayMs: number): void {
    this.timer = setTimeout(idleTimerDue, delayMs, this);
    (this.timer as { unref?: () => void }).unref?.();
  }

  due(): void {
    if (this.finished) return;
    const quietMs = performance.now() - this.lastTouch;
    if (quietMs < this.idleMs) {
      this.arm(this.idleMs - quietMs);
      return;
    }
    this.finished = true;
    this.timer = undefined;
    this.onIdle();
  }
}

function idleTimerDue(timer: IdleTimer): void {
  timer.due();
}
