// Turns stored or submitted limit settings (the JSON in api_keys.limits and connections.limits, or an admin API
// body) into checked KeyLimits / ConnectionLimits, so the limiters only ever see finite, non-negative numbers and
// a typo in a field name is reported instead of silently leaving a key unlimited. A null field means "no limit".
import type { ConnectionLimits } from "./connection-limits.ts";
import type { KeyLimits } from "./key-limits.ts";

export type ParsedLimits<T> = { limits: T } | { error: string };

type FieldKind = "count" | "usd";

function parseFields<T>(value: unknown, fields: Record<string, FieldKind>, what: string): ParsedLimits<T> {
  let input = value;
  if (typeof input === "string") {
    try {
      input = JSON.parse(input === "" ? "{}" : input);
    } catch {
      return { error: `${what} limits are not valid JSON` };
    }
  }
  if (input === null || input === undefined) return { limits: {} as T };
  if (typeof input !== "object" || Array.isArray(input)) return { error: `${what} limits must be an object` };
  const limits: Record<string, number> = {};
  for (const [name, raw] of Object.entries(input)) {
    const kind = fields[name];
    if (!kind) return { error: `unknown ${what} limit '${name}'; expected one of ${Object.keys(fields).join(", ")}` };
    if (raw === null) continue;
    if (typeof raw !== "number" || !Number.isFinite(raw) || raw < 0) return { error: `${what} limit '${name}' must be a non-negative number` };
    if (kind === "count" && !Number.isInteger(raw)) return { error: `${what} limit '${name}' must be a whole number` };
    limits[name] = raw;
  }
  return { limits: limits as T };
}

export function parseKeyLimits(value: unknown): ParsedLimits<KeyLimits> {
  return parseFields<KeyLimits>(
    value,
    { requestsPerMinute: "count", tokensPerMinute: "count", concurrentRequests: "count", dailyBudgetUsd: "usd", monthlyBudgetUsd: "usd" },
    "API key",
  );
}

export function parseConnectionLimits(value: unknown): ParsedLimits<ConnectionLimits> {
  return parseFields<ConnectionLimits>(
    value,
    { requestsPerMinute: "count", concurrentRequests: "count", queueSize: "count", queueTimeoutMs: "count" },
    "connection",
  );
}
