// Where limit state lives, behind one small interface, so the in-memory store used by a single gateway can later be
// swapped for a shared one (Redis) without touching the limiters. Counters are windowed sums (requests or tokens per
// minute); concurrency is a plain counter with a ceiling. Every call is synchronous and does its check and its
// update together, so two requests arriving at once can never both take the last unit.

export interface LimitStore {
  /**
   * Adds `amount` to the counter `key` at time `now` and returns the total inside the window ending at `now`
   * (after adding). A negative amount undoes an earlier hit made at the same moment (a rejected request).
   * A key is used with one window length only.
   */
  hit(key: string, amount: number, windowMs: number, now: number): number;
  /** The total inside the window ending at `now`, without adding anything. */
  peek(key: string, windowMs: number, now: number): number;
  /**
   * When the total inside the window will have fallen below `below` if nothing more is added: `now` when it
   * already has, otherwise the moment the oldest amounts leave the window. Used for Retry-After.
   */
  freesAt(key: string, windowMs: number, below: number, now: number): number;
  /** Takes one concurrency slot of `key` if fewer than `max` are taken; false (and nothing taken) otherwise. */
  acquire(key: string, max: number): boolean;
  /** Gives back one slot taken by `acquire`. Never goes below zero. */
  release(key: string): void;
  /** Slots of `key` taken now. */
  inFlight(key: string): number;
}
