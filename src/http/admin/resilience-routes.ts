// GET /api/health/resilience: what keeps targets from being tried right now (provider circuit breakers,
// connection cooldowns, per-model lockouts), each with the time it recovers, for the dashboard's health view.
import { t } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { adminPlugin } from "./admin-plugin.ts";

type ResilienceSource = { resilience?: { snapshot?(now: number): unknown } };

const emptySnapshot = { breakers: [], cooldowns: [], lockouts: [] };

export function resilienceRoutes(runtime: GatewayRuntime) {
  return adminPlugin(runtime, "admin-resilience").get(
    "/api/health/resilience",
    () => {
      const now = Date.now();
      const snapshot = (runtime as ResilienceSource).resilience?.snapshot?.(now);
      return { now, available: snapshot !== undefined, ...emptySnapshot, ...(snapshot as object | undefined) };
    },
    {
      response: t.Object(
        {
          now: t.Number(),
          available: t.Boolean({ description: "false while this build tracks no resilience state" }),
          breakers: t.Array(t.Record(t.String(), t.Unknown()), { description: "per provider: state (closed, open, half-open), failures, openUntil" }),
          cooldowns: t.Array(t.Record(t.String(), t.Unknown()), { description: "per connection: until when it rests after rate limiting" }),
          lockouts: t.Array(t.Record(t.String(), t.Unknown()), { description: "per connection and model: until when and why" }),
        },
        { additionalProperties: true },
      ),
      detail: { tags: ["Health"], summary: "Circuit breakers, cooldowns and lockouts with their recovery times" },
    },
  );
}
