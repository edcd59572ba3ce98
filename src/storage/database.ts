// Opens the SQLite database (WAL, busy timeout, so two processes on one DATA_DIR wait instead of failing),
// checks its integrity on demand and applies pending migrations inside one immediate transaction.
import { Database } from "bun:sqlite";
import { chmodSync } from "node:fs";
import { migrations } from "./migrations.ts";
import type { QueryBuilder } from "./query-builder.ts";

/** `orm` is drizzle, loaded on first use; the start-up path reads and writes with plain statements. */
export type Storage = { sqlite: Database; readonly orm: QueryBuilder; close(): void };

export function openStorage(path: string): Storage {
  const sqlite = new Database(path, { create: true, strict: true });
  if (path !== ":memory:") chmodSync(path, 0o600);
  sqlite.run("PRAGMA busy_timeout = 5000");
  sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run("PRAGMA synchronous = NORMAL");
  sqlite.run("PRAGMA foreign_keys = ON");
  // Up to 16 MB of pages (SQLite's default is 2 MB): the usage writer's index inserts stay in memory on a
  // database of millions of records. Pages are only allocated as they are read, so a small database stays small.
  sqlite.run("PRAGMA cache_size = -16384");
  applyMigrations(sqlite);
  let orm: QueryBuilder | undefined;
  return {
    sqlite,
    get orm() {
      orm ??= (require("./query-builder.ts") as typeof import("./query-builder.ts")).createQueryBuilder(sqlite);
      return orm;
    },
    close: () => sqlite.close(),
  };
}

export function applyMigrations(sqlite: Database): number {
  sqlite.run("CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const apply = sqlite.transaction(() => {
    const applied = new Set(sqlite.query<{ id: number }, []>("SELECT id FROM schema_migrations").all().map((row) => row.id));
    let count = 0;
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      sqlite.run(migration.sql);
      sqlite.run("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)", [migration.id, migration.name, Date.now()]);
      count++;
    }
    return count;
  });
  return apply.immediate();
}

export function checkIntegrity(sqlite: Database): string {
  const row = sqlite.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get();
  return row?.integrity_check ?? "unknown";
}
