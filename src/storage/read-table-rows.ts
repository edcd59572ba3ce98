// Reads a whole table in the shape drizzle's select returns (camelCase keys, JSON and boolean columns decoded by
// the columns' own mapping) through one cached prepared statement. The registries read their tables at every
// start and reload; a query builder's first query costs milliseconds of start-up that a plain statement does not.
import type { Database } from "bun:sqlite";
import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

export function readTableRows<Table extends SQLiteTable>(sqlite: Database, table: Table, orderBy: string): Array<Table["$inferSelect"]> {
  const columns = Object.entries(getTableColumns(table));
  const rows = sqlite
    .query<Record<string, unknown>, []>(`SELECT ${columns.map(([, column]) => `"${column.name}"`).join(", ")} FROM "${getTableName(table)}" ORDER BY ${orderBy}`)
    .all();
  return rows.map((row) => {
    const mapped: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[column.name];
      mapped[key] = value === null ? null : column.mapFromDriverValue(value);
    }
    return mapped as Table["$inferSelect"];
  });
}
