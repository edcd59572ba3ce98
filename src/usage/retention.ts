// Keeps the database from growing without end: request records and captured bodies older than the retention
// setting are deleted hourly (the rollups keep their totals), and so are expired cache rows. Deletes run in
// chunks of a thousand rows, each its own short transaction with the event loop free in between, so a
// day of a busy gateway's records (100,000+ rows) never stalls requests or the usage writer.
import type { Logger } from "../logging/logger.ts";
import type { Storage } from "../storage/database.ts";
import { readSetting } from "../storage/repositories/settings-repository.ts";

export const retentionSettingKey = "retention_days";
export const defaultRetentionDays = 30;
const chunkRows = 1_000;
const hourMs = 3_600_000;

export type RetentionResult = { records: number; captures: number; cache: number };

export function retentionDays(storage: Storage): number {
  const stored = Number(readSetting(storage, retentionSettingKey));
  return Number.isInteger(stored) && stored >= 1 ? stored : defaultRetentionDays;
}

/** Statements that each delete at most one chunk of expired rows; run until they delete nothing. */
export function chunkedDeletes(storage: Storage, now: number) {
  const cutoff = now - retentionDays(storage) * 86_400_000;
  const cutoffHour = Math.floor(cutoff / hourMs) * hourMs;
  const sqlite = storage.sqlite;
  // usage_records has no timestamp index: expired records are the lowest ids, up to the last id of the cutoff's
  // hour (src/usage/record-hour-index.ts), so each chunk reads from the start of the table and stops there. The
  // bound is read again for every chunk: a late record the writer files under an expired hour between two chunks
  // raises it.
  const lastExpiredId = sqlite.query<{ id: number | null }, [number]>("SELECT MAX(last_id) AS id FROM usage_record_hours WHERE hour <= ?");
  return {
    records: () =>
      sqlite.run(`DELETE FROM usage_records WHERE rowid IN (SELECT rowid FROM usage_records WHERE rowid <= ? AND timestamp < ? LIMIT ${chunkRows})`, [
        lastExpiredId.get(cutoffHour)?.id ?? 0,
        cutoff,
      ]).changes,
    captures: () => sqlite.run(`DELETE FROM request_captures WHERE rowid IN (SELECT rowid FROM request_captures WHERE timestamp < ? LIMIT ${chunkRows})`, [cutoff]).changes,
    cache: () => sqlite.run(`DELETE FROM response_cache WHERE rowid IN (SELECT rowid FROM response_cache WHERE expires_at < ? LIMIT ${chunkRows})`, [now]).changes,
    hours: () => {
      sqlite.run("DELETE FROM usage_record_hours WHERE hour < ?", [cutoffHour]);
      sqlite.run("DELETE FROM usage_hour_values WHERE hour < ?", [cutoffHour]);
    },
  };
}

/** Deletes everything expired, chunk after chunk, yielding to the event loop between chunks. */
export async function runRetention(storage: Storage, now = Date.now(), isStopped: () => boolean = () => false): Promise<RetentionResult> {
  const deletes = chunkedDeletes(storage, now);
  const result: RetentionResult = { records: 0, captures: 0, cache: 0 };
  for (const kind of ["records", "captures", "cache"] as const) {
    while (!isStopped()) {
      const deleted = deletes[kind]();
      if (deleted === 0) {
        // In the same turn as the last empty chunk, so no record can be filed under an expired hour in between.
        if (kind === "records") deletes.hours();
        break;
      }
      result[kind] += deleted;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return result;
}

export function startRetention(storage: Storage, logger: Logger, intervalMs = 3_600_000): { stop(): void } {
  let stopped = false;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const deleted = await runRetention(storage, Date.now(), () => stopped);
      if (deleted.records + deleted.captures + deleted.cache > 0) logger.debug("retention removed old rows", deleted);
    } catch (error) {
      if (!stopped) logger.warn(`retention could not run: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 5_000);
  first.unref();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
