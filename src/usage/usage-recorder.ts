// Usage never touches SQLite on the request path: records go into an in-memory queue that a writer flushes in
// one transaction per batch (by size or every interval), updating the hourly rollup the dashboard reads and the
// request log's hour index (src/usage/record-hour-index.ts). A crash loses at most one interval; shutdown
// flushes everything first.
import type { Database } from "bun:sqlite";
import type { Logger } from "../logging/logger.ts";
import { createRecordHourIndexWriter } from "./record-hour-index.ts";
import type { RequestCapture, UsageRecord } from "./usage-record.ts";

export type UsageRecorder = {
  record(record: UsageRecord): void;
  /** Queues captured bodies; written with the next batch. */
  capture(capture: RequestCapture): void;
  /** Writes everything queued now (also used at shutdown). */
  flush(): number;
  /** Listeners see each record as it is queued (live logs, limits). */
  subscribe(listener: (record: UsageRecord) => void): () => void;
  readonly pending: number;
  stop(): void;
};

export type UsageRecorderOptions = {
  batchSize?: number;
  intervalMs?: number;
  maxQueued?: number;
  /** Called after each batch written. */
  afterWrite?: () => void;
  /** False while scheduled batches should wait (a WAL checkpoint is running); an explicit flush always writes. */
  canWrite?: () => boolean;
};

const hourMs = 3_600_000;

/** One rollup row per hour, key, provider and model in a batch, so a batch costs one upsert per group. */
function rollUp(batch: UsageRecord[]) {
  const groups = new Map<string, [number, number, string, string, number, number, number, number, number, number, number, number, number]>();
  for (const record of batch) {
    const hour = Math.floor(record.timestamp / hourMs) * hourMs;
    const keyId = record.apiKeyId ?? 0;
    const provider = record.provider ?? "";
    const model = record.servedModel ?? record.requestedModel;
    const groupKey = `${hour}\u0000${keyId}\u0000${provider}\u0000${model}`;
    let row = groups.get(groupKey);
    if (!row) {
      row = [hour, keyId, provider, model, 0, 0, 0, 0, 0, 0, 0, 0, 0];
      groups.set(groupKey, row);
    }
    row[4] += 1;
    row[5] += record.status >= 400 ? 1 : 0;
    row[6] += record.cacheHit ? 1 : 0;
    row[7] += record.inputTokens;
    row[8] += record.outputTokens;
    row[9] += record.cachedInputTokens;
    row[10] += record.reasoningTokens;
    row[11] += record.costUsd;
    row[12] += record.latencyMs;
  }
  return groups.values();
}

const recordColumns = `request_id, timestamp, api_key_id, api_key_name, client_format, requested_model, served_model, connection, provider,
  combo, status, error_code, attempts, stream, latency_ms, first_token_ms, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens,
  reasoning_tokens, estimated, cost_usd, cache_hit, compression_saved_tokens`;
const recordPlaceholders = `(${Array.from({ length: 25 }, () => "?").join(", ")})`;
const rowsPerInsert = 16;

/** The statements a batch needs, prepared on the first flush rather than at start. */
function prepareBatchWriter(sqlite: Database) {
  const insertCapture = sqlite.prepare(`INSERT OR REPLACE INTO request_captures (request_id, timestamp, request_headers, request_body, response_body, truncated)
    VALUES (?, ?, ?, ?, ?, ?)`);
  // Records go in up to 16 rows per statement: one call and one step for many rows. Their ids are consecutive
  // (AUTOINCREMENT, inside this writer's immediate transaction), so each is known from the last one.
  const insertStatements = new Map<number, ReturnType<Database["prepare"]>>();
  const insertRows = (count: number) => {
    let statement = insertStatements.get(count);
    if (!statement) {
      statement = sqlite.prepare(`INSERT INTO usage_records (${recordColumns}) VALUES ${Array.from({ length: count }, () => recordPlaceholders).join(", ")}`);
      insertStatements.set(count, statement);
    }
    return statement;
  };
  const upsertHour = sqlite.prepare(`INSERT INTO usage_hourly (hour, api_key_id, provider, model, requests, errors, cache_hits, input_tokens,
    output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, latency_ms_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (hour, api_key_id, provider, model) DO UPDATE SET requests = requests + excluded.requests, errors = errors + excluded.errors,
    cache_hits = cache_hits + excluded.cache_hits, input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens, cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
    reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, cost_usd = cost_usd + excluded.cost_usd,
    latency_ms_total = latency_ms_total + excluded.latency_ms_total`);

  const hourIndex = createRecordHourIndexWriter(sqlite);

  return sqlite.transaction((batch: UsageRecord[], capturedBatch: RequestCapture[]) => {
    hourIndex.begin();
    for (const capture of capturedBatch) {
      insertCapture.run(capture.requestId, capture.timestamp, JSON.stringify(capture.requestHeaders), capture.requestBody, capture.responseBody, capture.truncated ? 1 : 0);
    }
    for (let start = 0; start < batch.length; start += rowsPerInsert) {
      const rows = batch.slice(start, start + rowsPerInsert);
      const values: Array<string | number | null> = [];
      for (const record of rows) {
        values.push(
          record.requestId, record.timestamp, record.apiKeyId, record.apiKeyName, record.clientFormat, record.requestedModel, record.servedModel,
          record.connection, record.provider, record.combo, record.status, record.errorCode, record.attempts, record.stream ? 1 : 0,
          record.latencyMs, record.firstTokenMs, record.inputTokens, record.outputTokens, record.cachedInputTokens, record.cacheWriteTokens,
          record.reasoningTokens, record.estimated ? 1 : 0, record.costUsd, record.cacheHit ? 1 : 0, record.compressionSavedTokens,
        );
      }
      const lastId = Number(insertRows(rows.length).run(...values).lastInsertRowid);
      rows.forEach((record, index) => hourIndex.add(record, lastId - rows.length + 1 + index));
    }
    hourIndex.write();
    for (const row of rollUp(batch)) upsertHour.run(...row);
  });
}

export function createUsageRecorder(sqlite: Database, logger: Logger, options: UsageRecorderOptions = {}): UsageRecorder {
  const batchSize = options.batchSize ?? 64;
  const maxQueued = options.maxQueued ?? 100_000;
  let queue: UsageRecord[] = [];
  let captures: RequestCapture[] = [];
  const listeners = new Set<(record: UsageRecord) => void>();

  let writeBatch: ReturnType<typeof prepareBatchWriter> | undefined;

  const flush = (): number => {
    if (queue.length === 0 && captures.length === 0) return 0;
    const batch = queue;
    const capturedBatch = captures;
    queue = [];
    captures = [];
    try {
      writeBatch ??= prepareBatchWriter(sqlite);
      writeBatch.immediate(batch, capturedBatch);
      options.afterWrite?.();
      return batch.length;
    } catch (error) {
      logger.error(`could not write ${batch.length} usage records; keeping them for the next flush`, { error: (error as Error).message });
      queue = batch.concat(queue).slice(-maxQueued);
      captures = capturedBatch.concat(captures).slice(-1000);
      return 0;
    }
  };

  let flushScheduled = false;
  const canWrite = options.canWrite;
  const scheduledFlush = () => {
    if (canWrite && !canWrite() && queue.length < maxQueued / 10) return;
    flush();
  };
  const timer = setInterval(scheduledFlush, options.intervalMs ?? 200);
  timer.unref();

  return {
    record(record) {
      queue.push(record);
      if (queue.length > maxQueued) queue.shift();
      for (const listener of listeners) listener(record);
      // After the current turn's responses are written, not in a microtask that would hold the one just finished.
      if (queue.length >= batchSize && !flushScheduled) {
        flushScheduled = true;
        setImmediate(() => {
          flushScheduled = false;
          scheduledFlush();
        });
      }
    },
    capture(capture) {
      captures.push(capture);
      if (captures.length > 1000) captures.shift();
    },
    flush,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get pending() {
      return queue.length;
    },
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
