// Per connection limits toward the provider: requests per minute and requests in flight, with a short FIFO queue
// for the moment a connection is busy, plus what the provider itself said about its remaining requests. A request
// that cannot get a slot is not failed here: it gets a reason (and, when known, the time it can succeed) so the
// attempt loop can move on to the next target. Queue timeouts are the only timers, and they are unref'd.
import type { LimitStore } from "./limit-store.ts";

export type ConnectionLimits = {
  requestsPerMinute?: number;
  concurrentRequests?: number;
  /** Requests that may wait for a slot when all are taken. Default 20. */
  queueSize?: number;
  /** Longest wait for a slot. Default 2 000 ms. */
  queueTimeoutMs?: number;
};

export const defaultQueueSize = 20;
export const defaultQueueTimeoutMs = 2000;

/** A slot toward the provider; call `release` when the upstream response has ended. Extra calls do nothing. */
export type ConnectionSlot = { release(): void };
export type ConnectionRejection = { rejected: string; retryAtMs?: number };
export type ConnectionAcquisition = ConnectionSlot | ConnectionRejection;

/** What the provider's rate-limit headers said (see parseQuota in src/resilience/retry-hints.ts). */
export type ProviderQuota = { remaining: number; limit: number; resetAt: number };

export type ConnectionLimitSnapshot = {
  connectionName: string;
  inFlight: number;
  queued: number;
  requestsInLastMinute: number;
  learned?: ProviderQuota;
};

export type ConnectionLimiter = {
  acquire(connectionName: string, limits: ConnectionLimits, signal?: AbortSignal): Promise<ConnectionAcquisition>;
  learn(connectionName: string, quota: ProviderQuota): void;
  snapshot(now: number): ConnectionLimitSnapshot[];
};

export type ConnectionLimiterOptions = { now?: () => number };

export function isRejection(acquisition: ConnectionAcquisition): acquisition is ConnectionRejection {
  return "rejected" in acquisition;
}

type Waiter = { limits: ConnectionLimits; resolve(acquisition: ConnectionAcquisition): void; stopWaiting(): void };

type ConnectionState = { queue: Waiter[]; limits: ConnectionLimits; learned?: ProviderQuota };

const windowMs = 60_000;

/** The slot of a connection without a concurrency limit: nothing to give back. */
const nothingHeld: ConnectionSlot = { release() {} };

export function createConnectionLimiter(store: LimitStore, options: ConnectionLimiterOptions = {}): ConnectionLimiter {
  const clock = options.now ?? Date.now;
  const states = new Map<string, ConnectionState>();
  const requestsKey = (name: string) => `connection:${name}:requests`;
  const concurrentKey = (name: string) => `connection:${name}:concurrent`;

  const stateFor = (name: string): ConnectionState => {
    let state = states.get(name);
    if (!state) {
      state = { queue: [], limits: {} };
      states.set(name, state);
    }
    return state;
  };

  /** The provider's word, while it holds: no requests left before its reset means no point in sending one. */
  const providerRefusal = (name: string, state: ConnectionState, now: number): ConnectionRejection | undefined => {
    const learned = state.learned;
    if (!learned) return undefined;
    if (now >= learned.resetAt) {
      state.learned = undefined;
      return undefined;
    }
    if (learned.remaining > 0) return undefined;
    return {
      rejected: `provider reported no requests left on connection ${name} (limit ${learned.limit}) until ${new Date(learned.resetAt).toISOString()}`,
      retryAtMs: learned.resetAt,
    };
  };

  const rateRefusal = (name: string, limit: number, now: number): ConnectionRejection => ({
    rejected: `connection ${name} is at its limit of ${limit} requests per minute`,
    retryAtMs: store.freesAt(requestsKey(name), windowMs, limit, now),
  });

  /** Checks without counting, before a request joins the queue. */
  const precheck = (name: string, state: ConnectionState, limits: ConnectionLimits, now: number): ConnectionRejection | undefined => {
    const refusal = providerRefusal(name, state, now);
    if (refusal) return refusal;
    const limit = limits.requestsPerMinute;
    if (limit !== undefined && store.peek(requestsKey(name), windowMs, now) >= limit) return rateRefusal(name, limit, now);
    return undefined;
  };

  /** Checks and counts in one step, at the moment the request is about to be sent. */
  const count = (name: string, state: ConnectionState, limits: ConnectionLimits, now: number): ConnectionRejection | undefined => {
    const refusal = providerRefusal(name, state, now);
    if (refusal) return refusal;
    const limit = limits.requestsPerMinute;
    if (limit === undefined) return undefined;
    if (store.hit(requestsKey(name), 1, windowMs, now) <= limit) return undefined;
    store.hit(requestsKey(name), -1, windowMs, now);
    return rateRefusal(name, limit, now);
  };

  const slotFor = (name: string, state: ConnectionState, holdsSlot: boolean): ConnectionSlot => {
    if (!holdsSlot) return nothingHeld;
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        store.release(concurrentKey(name));
        drain(name, state);
      },
    };
  };

  /** Hands free slots to waiters in arrival order. */
  function drain(name: string, state: ConnectionState) {
    while (state.queue.length > 0) {
      const max = state.limits.concurrentRequests;
      const holdsSlot = max !== undefined;
      if (holdsSlot && !store.acquire(concurrentKey(name), max)) return;
      const waiter = state.queue.shift()!;
      waiter.stopWaiting();
      const refusal = count(name, state, waiter.limits, clock());
      if (refusal && holdsSlot) store.release(concurrentKey(name));
      waiter.resolve(refusal ?? slotFor(name, state, holdsSlot));
    }
  }

  return {
    async acquire(name, limits, signal) {
      const state = stateFor(name);
      state.limits = limits;
      if (state.queue.length > 0) drain(name, state); // a raised limit frees slots for those already waiting
      if (signal?.aborted) return { rejected: `the client closed the request before connection ${name} was tried` };
      const now = clock();
      const early = precheck(name, state, limits, now);
      if (early) return early;

      const max = limits.concurrentRequests;
      if (max === undefined || (state.queue.length === 0 && store.acquire(concurrentKey(name), max))) {
        const holdsSlot = max !== undefined;
        const refusal = count(name, state, limits, now);
        if (!refusal) return slotFor(name, state, holdsSlot);
        if (holdsSlot) {
          store.release(concurrentKey(name));
          drain(name, state);
        }
        return refusal;
      }

      const queueSize = limits.queueSize ?? defaultQueueSize;
      const queueTimeoutMs = limits.queueTimeoutMs ?? defaultQueueTimeoutMs;
      if (state.queue.length >= queueSize || queueTimeoutMs <= 0) {
        return { rejected: `connection ${name} has ${store.inFlight(concurrentKey(name))} of ${max} requests in flight and its queue of ${queueSize} is full` };
      }

      return new Promise<ConnectionAcquisition>((resolve) => {
        const leave = (reason: string) => {
          const index = state.queue.indexOf(waiter);
          if (index < 0) return;
          state.queue.splice(index, 1);
          waiter.stopWaiting();
          resolve({ rejected: reason });
        };
        const onAbort = () => leave(`the client closed the request while it waited for a slot on connection ${name}`);
        const timer = setTimeout(() => leave(`no slot freed on connection ${name} (${max} in flight) within ${queueTimeoutMs} ms`), queueTimeoutMs);
        timer.unref();
        const waiter: Waiter = {
          limits,
          resolve,
          stopWaiting() {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
          },
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        state.queue.push(waiter);
      });
    },

    learn(name, quota) {
      if (![quota.remaining, quota.limit, quota.resetAt].every(Number.isFinite)) return;
      stateFor(name).learned = { remaining: quota.remaining, limit: quota.limit, resetAt: quota.resetAt };
    },

    snapshot(now) {
      return [...states].map(([connectionName, state]) => {
        const learned = state.learned && now < state.learned.resetAt ? { ...state.learned } : undefined;
        return {
          connectionName,
          inFlight: store.inFlight(concurrentKey(connectionName)),
          queued: state.queue.length,
          requestsInLastMinute: store.peek(requestsKey(connectionName), windowMs, now),
          ...(learned ? { learned } : {}),
        };
      });
    },
  };
}
