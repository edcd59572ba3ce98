// Collapses concurrent identical requests into one upstream call: while a call for a key is in flight, later
// callers share its promise instead of starting their own. Once it settles, success or failure, the key is free
// again, so the next caller starts afresh (by then the cache usually answers it). Followers of a failed leader
// get the same rejection; whether to retry on their own is the caller's decision.
export type CoalescedRun<T> = { result: Promise<T>; leader: boolean };

export type RequestCoalescer<T> = {
  /** Runs `leader` unless a call for `key` is in flight, in which case that call's promise is shared. */
  run(key: string, leader: () => Promise<T>): CoalescedRun<T>;
  /** How many keys are in flight. */
  readonly inFlight: number;
};

export function createRequestCoalescer<T>(): RequestCoalescer<T> {
  const calls = new Map<string, Promise<T>>();
  return {
    run(key, leader) {
      const existing = calls.get(key);
      if (existing) return { result: existing, leader: false };
      let result: Promise<T>;
      try {
        result = leader();
      } catch (error) {
        result = Promise.reject(error);
      }
      calls.set(key, result);
      const release = () => {
        if (calls.get(key) === result) calls.delete(key);
      };
      result.then(release, release);
      return { result, leader: true };
    },
    get inFlight() {
      return calls.size;
    },
  };
}
