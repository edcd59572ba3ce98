// Small key/value settings that live in the database (the admin password hash, dashboard settings). Plain
// prepared statements rather than the query builder: these run at every start and on every settings reload,
// and a builder's first query costs milliseconds of start-up.
import type { Database, Statement } from "bun:sqlite";
import type { Storage } from "../database.ts";

type SettingStatements = { read: Statement<{ value: string }, [string]>; write: Statement<unknown, [string, string, number]> };

const statementsByDatabase = new WeakMap<Database, SettingStatements>();

function statementsOf(sqlite: Database): SettingStatements {
  let statements = statementsByDatabase.get(sqlite);
  if (!statements) {
    statements = {
      read: sqlite.query<{ value: string }, [string]>("SELECT value FROM settings WHERE key = ?"),
      write: sqlite.query<unknown, [string, string, number]>(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
      ),
    };
    statementsByDatabase.set(sqlite, statements);
  }
  return statements;
}

export function readSetting(storage: Storage, key: string): string | undefined {
  return statementsOf(storage.sqlite).read.get(key)?.value;
}

export function writeSetting(storage: Storage, key: string, value: string): void {
  statementsOf(storage.sqlite).write.run(key, value, Date.now());
}
