// Keeps the database from growing without end: request records and captured bodies older than the retention
// setting are deleted hourly (the hourly rollup keeps their totals), and so are expired cache rows.
import type { Logger } from "../logging/logger.ts";
import type { Storage } from "../storage/database.ts";
import { readSetting } from "../storage/repositories/settings-repository.ts";

export const retentionSettingKey = "retention_days";
export const defaultRetentionDays = 30;

export function retentionDays(storage: Storage): number {
  const stored = Number(readSetting(storage, retentionSettingKey));
  return Number.isInteger(stored) && stored >= 1 ? stored : defaultRetentionDays;
}

export function applyRetention(storage: Storage, now = Date.now()): { records: number; captures: number; cache: number } {
  const cutoff = now - retentionDays(storage) * 86_400_000;
  const purge = storage.sqlite.transaction(() => ({
    records: storage.sqlite.run("DELETE FROM usage_records WHERE timestamp < ?", [cutoff]).changes,
    captures: storage.sqlite.run("DELETE FROM request_captures WHERE timestamp < ?", [cutoff]).changes,
    cache: storage.sqlite.run("DELETE FROM response_cache WHERE expires_at < ?", [now]).changes,
  }));
  return purge.immediate();
}

export function startRetention(storage: Storage, logger: Logger, intervalMs = 3_600_000): { stop(): void } {
  const run = () => {
    try {
      const deleted = applyRetention(storage);
      if (deleted.records + deleted.captures + deleted.cache > 0) logger.debug("retention removed old rows", deleted);
    } catch (error) {
      logger.warn(`retention could not run: ${(error as Error).message}`);
    }
  };
  const first = setTimeout(run, 5_000);
  first.unref();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
