// Per API key limits, checked once when a request arrives: requests per minute, tokens per minute, requests in
// flight, and daily and monthly cost budgets. A request over any of them is refused with a 429 that says which
// limit, for which key, and (in Retry-After) when trying again can succeed. Budgets fail closed: a key at or over
// its budget, or whose spend cannot be read, is refused. Token counts arrive only after a request ends, so the
// tokens-per-minute check admits a request while the tokens already recorded in the last minute are under the limit.
import { GatewayError } from "../errors/gateway-errors.ts";
import { nextUtcDayStart, nextUtcMonthStart, type BudgetTracker } from "./budget-tracker.ts";
import type { LimitStore } from "./limit-store.ts";

export type KeyLimits = {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  concurrentRequests?: number;
  dailyBudgetUsd?: number;
  monthlyBudgetUsd?: number;
};

/** An admitted request; call `release` when it has ended (last byte sent, failed or aborted). Extra calls do nothing. */
export type Admission = { release(): void };

export type KeyLimitSnapshot = {
  keyId: number;
  requestsInLastMinute: number;
  tokensInLastMinute: number;
  inFlight: number;
  spentTodayUsd: number;
  spentThisMonthUsd: number;
};

export type KeyLimiter = {
  /** Admits a request for `keyId` or throws a 429 GatewayError (503 when its spend cannot be read and it has a budget). */
  admit(keyId: number, limits: KeyLimits, now: number, keyName?: string): Admission;
  /** Counts a finished request's tokens (input + output) toward tokens per minute. */
  recordTokens(keyId: number, tokens: number, now: number): void;
  snapshot(keyId: number, now: number): KeyLimitSnapshot;
};

const windowMs = 60_000;

const requestsKey = (keyId: number) => `key:${keyId}:requests`;
const tokensKey = (keyId: number) => `key:${keyId}:tokens`;
const concurrentKey = (keyId: number) => `key:${keyId}:concurrent`;

/** What a key without a concurrency limit holds: nothing to give back. */
const nothingHeld: Admission = { release() {} };

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

function usd(amount: number): string {
  return `$${Number(amount.toFixed(4))}`;
}

function refuse(message: string, code: string, retryAfterSeconds: number): GatewayError {
  return new GatewayError(message, 429, "rate_limit", code, null, { "retry-after": String(retryAfterSeconds) });
}

export function createKeyLimiter(store: LimitStore, budgets: BudgetTracker): KeyLimiter {
  const checkBudgets = (keyId: number, limits: KeyLimits, now: number, who: string) => {
    const { dailyBudgetUsd: daily, monthlyBudgetUsd: monthly } = limits;
    if (daily === undefined && monthly === undefined) return;
    let spend;
    try {
      spend = budgets.spend(keyId, now);
    } catch {
      // Fail closed; the cause is the database's business and stays out of the client's answer.
      throw new GatewayError(`${who} has a cost budget and its spend cannot be read right now; refusing until it can.`, 503, "unavailable", "budget_unavailable", null, { "retry-after": "5" });
    }
    if (monthly !== undefined && spend.month >= monthly) {
      const resetAt = nextUtcMonthStart(now);
      throw refuse(
        `${who} has spent ${usd(spend.month)} of its ${usd(monthly)} monthly budget; it resets at ${new Date(resetAt).toISOString()}.`,
        "budget_exceeded",
        secondsUntil(resetAt, now),
      );
    }
    if (daily !== undefined && spend.today >= daily) {
      const resetAt = nextUtcDayStart(now);
      throw refuse(
        `${who} has spent ${usd(spend.today)} of its ${usd(daily)} daily budget; it resets at ${new Date(resetAt).toISOString()}.`,
        "budget_exceeded",
        secondsUntil(resetAt, now),
      );
    }
  };

  return {
    admit(keyId, limits, now, keyName) {
      const { tokensPerMinute, requestsPerMinute, concurrentRequests, dailyBudgetUsd, monthlyBudgetUsd } = limits;
      // The common key has no limits at all: nothing to check, count or name.
      if (tokensPerMinute === undefined && requestsPerMinute === undefined && concurrentRequests === undefined && dailyBudgetUsd === undefined && monthlyBudgetUsd === undefined) {
        return nothingHeld;
      }
      const who = keyName === undefined ? `API key ${keyId}` : `API key "${keyName}"`;
      checkBudgets(keyId, limits, now, who);

      if (tokensPerMinute !== undefined) {
        const used = store.peek(tokensKey(keyId), windowMs, now);
        if (used >= tokensPerMinute) {
          const seconds = secondsUntil(store.freesAt(tokensKey(keyId), windowMs, tokensPerMinute, now), now);
          throw refuse(`${who} has used ${used} of its ${tokensPerMinute} tokens per minute; retry in ${seconds} s.`, "tokens_per_minute_exceeded", seconds);
        }
      }

      // Count and check in one step, so concurrent arrivals cannot all see room for one more.
      if (requestsPerMinute !== undefined) {
        const requests = requestsKey(keyId);
        const total = store.hit(requests, 1, windowMs, now);
        if (total > requestsPerMinute) {
          store.hit(requests, -1, windowMs, now);
          const seconds = secondsUntil(store.freesAt(requests, windowMs, requestsPerMinute, now), now);
          throw refuse(`${who} is over its limit of ${requestsPerMinute} requests per minute; retry in ${seconds} s.`, "rate_limit_exceeded", seconds);
        }
      }

      if (concurrentRequests === undefined) return nothingHeld;
      const concurrent = concurrentKey(keyId);
      if (!store.acquire(concurrent, concurrentRequests)) {
        if (requestsPerMinute !== undefined) store.hit(requestsKey(keyId), -1, windowMs, now); // refused requests do not count
        throw refuse(`${who} already has ${concurrentRequests} requests in flight, its limit; retry when one finishes.`, "concurrency_limit_exceeded", 1);
      }
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          store.release(concurrent);
        },
      };
    },

    recordTokens(keyId, tokens, now) {
      if (!(tokens > 0) || !Number.isFinite(tokens)) return;
      store.hit(tokensKey(keyId), tokens, windowMs, now);
    },

    snapshot(keyId, now) {
      const spend = budgets.spend(keyId, now);
      return {
        keyId,
        requestsInLastMinute: store.peek(requestsKey(keyId), windowMs, now),
        tokensInLastMinute: store.peek(tokensKey(keyId), windowMs, now),
        inFlight: store.inFlight(concurrentKey(keyId)),
        spentTodayUsd: spend.today,
        spentThisMonthUsd: spend.month,
      };
    },
  };
}
