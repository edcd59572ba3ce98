// Works out when an upstream says it is worth trying again, so a rate-limited connection is cooled down for exactly
// as long as the provider asks instead of a guess. Providers say it differently: OpenAI sends retry-after-ms,
// retry-after and x-ratelimit-reset-{requests,tokens} durations ("6m0s", "12ms"); Anthropic sends retry-after and
// anthropic-ratelimit-*-reset RFC 3339 instants; Gemini puts a google.rpc.RetryInfo retryDelay ("37s") in the body.
// Also reads the request quota (limit, remaining, reset) so routing can prefer targets with room left.
import { googleDetails, isRecord, readUpstreamErrorFields } from "./upstream-error-body.ts";

export type RetryHint = { retryAtMs?: number; source?: string };

export type Quota = { remaining: number; limit: number; resetAt: number };

const millisecondsPerUnit: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const plainNumber = /^\d+(?:\.\d+)?$/;
const durationPart = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go-style duration as OpenAI and Google send them ("1m30s", "6m0s", "12ms", "2s", "0.5s", "1h2m3.5s").
 * A bare number is taken as seconds. Returns milliseconds, or undefined when the text is not a duration.
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (plainNumber.test(trimmed)) return Number(trimmed) * 1000;
  const pattern = new RegExp(durationPart.source, "y");
  let total = 0;
  let index = 0;
  while (index < trimmed.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(trimmed);
    if (!match) return undefined;
    total += Number(match[1]) * millisecondsPerUnit[match[2]!]!;
    index = pattern.lastIndex;
  }
  return Number.isFinite(total) ? total : undefined;
}

/** Retry-After: delay in seconds, or an HTTP date. */
function parseRetryAfter(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (plainNumber.test(trimmed)) return now + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date;
}

/**
 * A rate-limit reset value: a duration relative to now ("6m0s", "2s"), an RFC 3339 instant, or a bare number
 * (seconds from now; epoch seconds above 1e9 and epoch milliseconds above 1e12, as some OpenAI-compatible servers send).
 */
function parseResetValue(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (plainNumber.test(trimmed)) {
    const number = Number(trimmed);
    if (number > 1e12) return number;
    if (number > 1e9) return number * 1000;
    return now + number * 1000;
  }
  const duration = parseDurationMs(trimmed);
  if (duration !== undefined) return now + duration;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date;
}

function parseCount(value: string | null): number | undefined {
  if (value === null || !plainNumber.test(value.trim())) return undefined;
  return Number(value.trim());
}

type Bucket = { header: string; resetAt: number; remaining?: number };

/** The reset of the exhausted bucket (remaining 0; the latest if several), else the latest reset of all. */
function bucketReset(headers: Headers, buckets: Array<{ remaining: string; reset: string }>, now: number): Bucket | undefined {
  const parsed: Bucket[] = [];
  for (const bucket of buckets) {
    const raw = headers.get(bucket.reset);
    if (raw === null) continue;
    const resetAt = parseResetValue(raw, now);
    if (resetAt === undefined) continue;
    parsed.push({ header: bucket.reset, resetAt, remaining: parseCount(headers.get(bucket.remaining)) });
  }
  const exhausted = parsed.filter((bucket) => bucket.remaining === 0);
  const pool = exhausted.length > 0 ? exhausted : parsed;
  let latest: Bucket | undefined;
  for (const bucket of pool) if (!latest || bucket.resetAt > latest.resetAt) latest = bucket;
  return latest;
}

const openAIBuckets = ["requests", "tokens"].map((name) => ({
  remaining: `x-ratelimit-remaining-${name}`,
  reset: `x-ratelimit-reset-${name}`,
}));

const anthropicBuckets = ["requests", "tokens", "input-tokens", "output-tokens"].map((name) => ({
  remaining: `anthropic-ratelimit-${name}-remaining`,
  reset: `anthropic-ratelimit-${name}-reset`,
}));

/** Gemini google.rpc.RetryInfo.retryDelay: a protobuf Duration, "37s" in JSON (or {seconds, nanos}). */
function geminiRetryDelayMs(body: unknown): number | undefined {
  const fields = readUpstreamErrorFields(body);
  for (const detail of googleDetails(fields, "google.rpc.RetryInfo")) {
    const delay = detail.retryDelay;
    if (typeof delay === "string") {
      const milliseconds = parseDurationMs(delay);
      if (milliseconds !== undefined) return milliseconds;
    } else if (isRecord(delay)) {
      const seconds = Number(delay.seconds ?? 0);
      const nanos = Number(delay.nanos ?? 0);
      if (Number.isFinite(seconds) && Number.isFinite(nanos)) return seconds * 1000 + nanos / 1e6;
    }
  }
  return undefined;
}

/**
 * The earliest moment a retry makes sense, from (in order of authority) retry-after-ms, retry-after, Gemini
 * RetryInfo, and, on a 429 only, the anthropic-ratelimit-*-reset and x-ratelimit-reset-* headers of the exhausted
 * bucket. Success responses carry no hint. A hint in the past is clamped to `now`. Returns {} when there is none.
 */
export function parseRetryHint(input: { status: number; headers: Headers; body?: unknown; now: number }): RetryHint {
  const { status, headers, body, now } = input;
  if (status < 400) return {};
  const found = (retryAtMs: number, source: string): RetryHint => ({ retryAtMs: Math.max(now, retryAtMs), source });

  const retryAfterMs = headers.get("retry-after-ms");
  if (retryAfterMs !== null && plainNumber.test(retryAfterMs.trim())) return found(now + Number(retryAfterMs.trim()), "retry-after-ms");

  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const retryAt = parseRetryAfter(retryAfter, now);
    if (retryAt !== undefined) return found(retryAt, "retry-after");
  }

  const geminiDelay = geminiRetryDelayMs(body);
  if (geminiDelay !== undefined) return found(now + geminiDelay, "google.rpc.RetryInfo");

  if (status === 429) {
    const anthropic = bucketReset(headers, anthropicBuckets, now);
    if (anthropic) return found(anthropic.resetAt, anthropic.header);
    const openAI = bucketReset(headers, openAIBuckets, now);
    if (openAI) return found(openAI.resetAt, openAI.header);
  }
  return {};
}

const quotaHeaderFamilies = [
  ["x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"],
  ["anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset"],
] as const;

/**
 * The request quota as the last response reported it (x-ratelimit-{limit,remaining,reset}-requests or
 * anthropic-ratelimit-requests-{limit,remaining,reset}), for reset-aware routing. Works on any response, success
 * included. Undefined unless all three values are present and readable.
 */
export function parseQuota(headers: Headers, now: number): Quota | undefined {
  for (const [limitHeader, remainingHeader, resetHeader] of quotaHeaderFamilies) {
    // Most responses carry no quota at all: one lookup settles that.
    const remaining = parseCount(headers.get(remainingHeader));
    if (remaining === undefined) continue;
    const limit = parseCount(headers.get(limitHeader));
    const resetRaw = headers.get(resetHeader);
    const resetAt = resetRaw === null ? undefined : parseResetValue(resetRaw, now);
    if (limit !== undefined && resetAt !== undefined) return { remaining, limit, resetAt };
  }
  return undefined;
}
