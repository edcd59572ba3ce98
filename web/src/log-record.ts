// Turns a request log record from either source (the /api/logs rows use database column names, the live stream
// sends the recorder's camelCase objects) into one shape.
import type { LogRecord } from "./types.ts";

type Raw = Record<string, unknown>;

const pick = (raw: Raw, camel: string, snake: string): unknown => raw[camel] ?? raw[snake];
const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const number = (value: unknown): number => (typeof value === "number" ? value : Number(value ?? 0) || 0);

let liveCounter = 0;

export function toLogRecord(raw: Raw): LogRecord {
  const firstToken = pick(raw, "firstTokenMs", "first_token_ms");
  return {
    id: raw.id === undefined ? `live-${++liveCounter}` : String(raw.id),
    timestamp: number(raw.timestamp),
    apiKeyName: text(pick(raw, "apiKeyName", "api_key_name")),
    clientFormat: text(pick(raw, "clientFormat", "client_format")) ?? "",
    requestedModel: text(pick(raw, "requestedModel", "requested_model")) ?? "",
    servedModel: text(pick(raw, "servedModel", "served_model")),
    connection: text(raw.connection),
    provider: text(raw.provider),
    combo: text(raw.combo),
    status: number(raw.status),
    errorCode: text(pick(raw, "errorCode", "error_code")),
    attempts: number(raw.attempts),
    stream: Boolean(raw.stream),
    latencyMs: number(pick(raw, "latencyMs", "latency_ms")),
    firstTokenMs: firstToken === null || firstToken === undefined ? null : number(firstToken),
    inputTokens: number(pick(raw, "inputTokens", "input_tokens")),
    outputTokens: number(pick(raw, "outputTokens", "output_tokens")),
    estimated: Boolean(raw.estimated),
    costUsd: number(pick(raw, "costUsd", "cost_usd")),
  };
}

export function routeOf(record: LogRecord): string {
  return record.connection ? `${record.connection}/${record.servedModel ?? record.requestedModel}` : "—";
}
