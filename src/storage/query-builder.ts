// drizzle's query builder over an open database, with the schema. Loaded on the first query through the builder
// (admin API, CLI, a changed config file), so a gateway start never pays for drizzle.
import type { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import * as schema from "./schema.ts";

export type QueryBuilder = BunSQLiteDatabase<typeof schema>;

export function createQueryBuilder(sqlite: Database): QueryBuilder {
  return drizzle(sqlite, { schema });
}
