// Small key/value settings that live in the database (the admin password hash, dashboard settings). Plain
// statements rather than the query builder: these run at every start and on every settings reload, and a
// builder's first query costs milliseconds of start-up. `Database.query` keeps each compiled statement.
import type { Storage } from "../database.ts";

export function readSetting(storage: Storage, key: string): string | undefined {
  return storage.sqlite.query<{ value: string }, [string]>("SELECT value FROM settings WHERE key = ?").get(key)?.value;
}

export function writeSetting(storage: Storage, key: string, value: string): void {
  storage.sqlite
    .query<unknown, [string, string, number]>(
      "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .run(key, value, Date.now());
}
