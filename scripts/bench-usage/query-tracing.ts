// Tracing for the usage benchmark: every statement a query function or route runs, so its plan can be shown
// next to its time, and the test can check that no plan scans a large table.
import type { Database, SQLQueryBindings } from "bun:sqlite";

export type TracedStatement = { sql: string; params: SQLQueryBindings[] };

export function tracing(sqlite: Database, seen: TracedStatement[]): Database {
  const wrapStatement = (statement: object, sql: string) =>
    new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (property === "all" || property === "get" || property === "run" || property === "values" || property === "iterate") {
          return (...params: SQLQueryBindings[]) => {
            seen.push({ sql, params });
            return value.apply(target, params);
          };
        }
        return value.bind(target);
      },
    });
  return new Proxy(sqlite, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "query" || property === "prepare") return (sql: string) => wrapStatement(value.call(target, sql), sql);
      if (property === "run") {
        return (sql: string, params?: SQLQueryBindings[]) => {
          seen.push({ sql, params: params ?? [] });
          return value.call(target, sql, params);
        };
      }
      return value.bind(target);
    },
  });
}

/** EXPLAIN QUERY PLAN details of one statement, joined. */
export function queryPlan(sqlite: Database, statement: TracedStatement): string {
  // Prepared and finalized each time: a cached EXPLAIN statement keeps the WAL from being checkpointed.
  const explain = sqlite.prepare<{ detail: string }, SQLQueryBindings[]>(`EXPLAIN QUERY PLAN ${statement.sql}`);
  try {
    return explain.all(...statement.params).map((row) => row.detail).join("; ");
  } finally {
    explain.finalize();
  }
}

/** A plan reads a usage table without an index when it has a bare "SCAN usage_…" step. */
export function scansWithoutIndex(plan: string): boolean {
  return plan.split("; ").some((step) => /^SCAN usage_\w+\b/.test(step) && !/USING/.test(step));
}

