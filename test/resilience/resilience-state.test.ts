// The bundle: blockedReason checks disabled → cooldown → lockout → breaker, and record() sends each outcome to the
// layer its failure class names. Time is passed in; nothing waits.
import { describe, expect, test } from "bun:test";
import { classifyFailure, type FailureClass } from "../../src/resilience/classify-failure.ts";
import { UpstreamError, UpstreamTimeoutError } from "../../src/errors/gateway-errors.ts";
import { ClientClosedError } from "../../src/upstream/send-upstream.ts";
import { createResilienceState, type ResilienceCandidate } from "../../src/resilience/resilience-state.ts";

const now = 9_000_000;
const candidate = (overrides: Partial<ResilienceCandidate> = {}): ResilienceCandidate => ({
  connectionName: "openai-main",
  providerId: "openai",
  model: "gpt-4o",
  credentialFingerprint: "fp-1",
  ...overrides,
});
const upstream = (status: number, code: string | null = null) => classifyFailure(new UpstreamError("x", status, status >= 500, code));
const fail = (failure: FailureClass, retryAtMs?: number) => ({ ok: false as const, failure, retryAtMs });

describe("resilience state", () => {
  test("a fresh target is not blocked", () => {
    const state = createResilienceState({ random: () => 0 });
    expect(state.blockedReason(candidate(), now)).toBeUndefined();
    expect(state.tryBegin(candidate(), now)).toBe(true);
    expect(state.snapshot(now)).toEqual({ breakers: [], cooldowns: [], lockouts: [] });
  });

  test("429 cools the connection down until the hint, for every model; success resets", () => {
    const state = createResilienceState({ random: () => 0 });
    state.record(candidate(), fail(upstream(429), now + 2000), now);
    expect(state.blockedReason(candidate({ model: "gpt-4o-mini" }), now + 1)).toMatchObject({ layer: "cooldown", until: now + 2000 });
    expect(state.blockedReason(candidate({ connectionName: "openai-backup" }), now + 1)).toBeUndefined();
    expect(state.blockedReason(candidate(), now + 2000)).toBeUndefined();
    state.record(candidate(), fail(upstream(429)), now + 3000);
    expect(state.snapshot(now + 3000).cooldowns).toEqual([{ connectionName: "openai-main", until: now + 3000 + 1000, consecutiveFailures: 2 }]);
    state.record(candidate(), { ok: true }, now + 5000);
    expect(state.snapshot(now + 5000).cooldowns).toEqual([]);
  });

  test("404 locks only that model on that connection, for 10 minutes", () => {
    const state = createResilienceState();
    state.record(candidate({ model: "gpt-9" }), fail(upstream(404, "model_not_found")), now);
    expect(state.blockedReason(candidate({ model: "gpt-9" }), now)).toMatchObject({ layer: "lockout", until: now + 600_000 });
    expect(state.blockedReason(candidate({ model: "gpt-4o" }), now)).toBeUndefined();
    expect(state.blockedReason(candidate({ model: "gpt-9" }), now + 600_000)).toBeUndefined();
  });

  test("a per-model quota locks the model until the hint, or 1 minute", () => {
    const state = createResilienceState();
    const modelQuota: FailureClass = { kind: "quota-exhausted", scope: "model", fallThrough: true, status: 429 };
    state.record(candidate({ model: "a" }), fail(modelQuota, now + 37_000), now);
    state.record(candidate({ model: "b" }), fail(modelQuota), now);
    expect(state.snapshot(now).lockouts).toEqual([
      { connectionName: "openai-main", model: "a", until: now + 37_000, reason: "model quota exhausted (HTTP 429)" },
      { connectionName: "openai-main", model: "b", until: now + 60_000, reason: "model quota exhausted (HTTP 429)" },
    ]);
    expect(state.snapshot(now).cooldowns).toEqual([]);
  });

  test("401 disables the connection until its credentials change", () => {
    const state = createResilienceState();
    state.record(candidate(), fail(upstream(401, "invalid_api_key")), now);
    expect(state.blockedReason(candidate(), now + 86_400_000)).toMatchObject({ layer: "disabled" });
    expect(state.blockedReason(candidate({ credentialFingerprint: "fp-2" }), now)).toBeUndefined();
    expect(state.blockedReason(candidate({ credentialFingerprint: "fp-1" }), now)).toBeUndefined();
  });

  test("5xx and timeouts open the provider's breaker; 4xx answers do not count and close it", () => {
    const state = createResilienceState({ breaker: { failureThreshold: 2, coolOffMs: 1000 } });
    state.record(candidate(), fail(upstream(500)), now);
    state.record(candidate({ connectionName: "openai-backup" }), fail(upstream(429)), now + 1);
    state.record(candidate(), fail(classifyFailure(new UpstreamTimeoutError("slow"))), now + 2);
    expect(state.snapshot(now + 2).breakers).toEqual([{ providerId: "openai", state: "closed", failures: 1 }]);
    state.record(candidate(), fail(upstream(503)), now + 3);
    const blocked = state.blockedReason(candidate({ connectionName: "openai-other" }), now + 4);
    expect(blocked).toMatchObject({ layer: "circuit-breaker", until: now + 1003 });
    expect(state.tryBegin(candidate(), now + 4)).toBe(false);
    expect(state.blockedReason(candidate({ providerId: "anthropic" }), now + 4)).toBeUndefined();
  });

  test("half-open: one probe; others see it in flight; its 4xx answer closes the breaker", () => {
    const state = createResilienceState({ breaker: { failureThreshold: 1, coolOffMs: 1000 } });
    state.record(candidate(), fail(upstream(502)), now);
    const later = now + 1000;
    expect(state.blockedReason(candidate(), later)).toBeUndefined();
    expect(state.tryBegin(candidate(), later)).toBe(true);
    expect(state.blockedReason(candidate(), later)).toMatchObject({ layer: "circuit-breaker", reason: expect.stringContaining("probe") });
    expect(state.tryBegin(candidate(), later)).toBe(false);
    state.record(candidate(), fail(upstream(400)), later + 10);
    expect(state.blockedReason(candidate(), later + 10)).toBeUndefined();
    expect(state.snapshot(later + 10).breakers).toEqual([]);
  });

  test("a probe whose client went away frees the slot without a verdict", () => {
    const state = createResilienceState({ breaker: { failureThreshold: 1, coolOffMs: 1000 } });
    state.record(candidate(), fail(upstream(500)), now);
    expect(state.tryBegin(candidate(), now + 1000)).toBe(true);
    state.record(candidate(), fail(classifyFailure(new ClientClosedError())), now + 1001);
    expect(state.snapshot(now + 1001).breakers).toEqual([{ providerId: "openai", state: "half-open", failures: 1, probeInFlight: false }]);
    expect(state.tryBegin(candidate(), now + 1001)).toBe(true);
  });

  test("checks run in order: disabled, cooldown, lockout, breaker", () => {
    const state = createResilienceState({ random: () => 0, breaker: { failureThreshold: 1 } });
    state.record(candidate(), fail(upstream(500)), now);
    expect(state.blockedReason(candidate(), now)?.layer).toBe("circuit-breaker");
    state.lockouts.lock("openai-main", "gpt-4o", now + 1000, "test");
    expect(state.blockedReason(candidate(), now)?.layer).toBe("lockout");
    state.cooldowns.coolDown("openai-main", now, now + 1000);
    expect(state.blockedReason(candidate(), now)?.layer).toBe("cooldown");
    state.cooldowns.disable("openai-main", "test", "fp-1");
    expect(state.blockedReason(candidate(), now)?.layer).toBe("disabled");
  });

  test("bad requests and context-too-long change nothing", () => {
    const state = createResilienceState();
    state.record(candidate(), fail(upstream(400)), now);
    state.record(candidate(), fail(upstream(400, "context_length_exceeded")), now);
    expect(state.snapshot(now)).toEqual({ breakers: [], cooldowns: [], lockouts: [] });
  });
});
