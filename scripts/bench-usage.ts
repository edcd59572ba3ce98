// `bun run bench:usage [--rows 10000000] [--days 90] [--keep] [--db PATH] [--migrations N] [--writer-rows N]`:
// fills a temporary database (the real migrations) with synthetic usage records and their hourly rollup, then
// times every query the dashboard and the usage API make (median of 5) and prints each with its query plan, the
// database size, the bulk-load speed and the speed of the real batch writer on top of the filled tables.
// `--db PATH` reuses a database an earlier `--keep` run left (pending migrations are applied and timed), so
// queries can be re-measured without filling again; `--migrations N --keep` builds and fills the schema as of
// migration N, so a later `--db PATH` run times the migrations after it on real data. The fill, the queries and
// the measurements are in scripts/bench-usage/, shared with test/usage/usage-scale.test.ts.
import { Database as BunDatabase, type Database } from "bun:sqlite";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, openStorage, type Storage } from "../src/storage/database.ts";
import { migrations } from "../src/storage/migrations.ts";
import { measure, measureWriter } from "./bench-usage/measure-usage.ts";
import { datasetOf, fillUsage, type Dataset } from "./bench-usage/synthetic-usage.ts";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const formatMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const formatCount = (count: number) => Math.round(count).toLocaleString("en-US");

function megabytes(path: string): number {
  let total = 0;
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(path + suffix)) total += statSync(path + suffix).size;
  return total / 1024 / 1024;
}

/** The database as the gateway opens it, but with only the first `count` migrations (to compare schemas). */
function openWithMigrations(path: string, count: number): Database {
  const sqlite = new BunDatabase(path, { create: true, strict: true });
  sqlite.run("PRAGMA busy_timeout = 5000");
  sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run("PRAGMA synchronous = NORMAL");
  sqlite.run("CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  for (const migration of migrations.slice(0, count)) {
    sqlite.run(migration.sql);
    sqlite.run("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)", [migration.id, migration.name, Date.now()]);
  }
  return sqlite;
}

async function main() {
  const rows = Number(argument("rows") ?? 10_000_000);
  const days = Number(argument("days") ?? 90);
  const schema = Number(argument("migrations") ?? migrations.length);
  const reuse = argument("db");
  const keep = process.argv.includes("--keep") || reuse !== undefined;
  const directory = reuse ? undefined : mkdtempSync(join(tmpdir(), "amrouter-bench-usage-"));
  const path = reuse ?? join(directory!, "amrouter.db");
  console.log(`database: ${path}`);

  if (!reuse) {
    const sqlite = openWithMigrations(path, schema);
    let last = performance.now();
    const fill = fillUsage(sqlite, {
      rows,
      days,
      onProgress(done) {
        if (performance.now() - last > 10_000 || done === rows) {
          last = performance.now();
          process.stderr.write(`  ${formatCount(done)} rows\n`);
        }
      },
    });
    sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite.close();
    console.log(
      `fill (schema of migration ${schema}): ${formatCount(rows)} records in ${(fill.insertMs / 1000).toFixed(1)} s (${formatCount((rows / fill.insertMs) * 1000)}/s, ` +
        `indexes dropped), indexes rebuilt in ${(fill.indexMs / 1000).toFixed(1)} s, usage_hourly (${formatCount(fill.rollupRows)} rows) in ${(fill.rollupMs / 1000).toFixed(1)} s`,
    );
  } else {
    // Pending migrations on an existing, filled database: what the upgrade costs at boot.
    const sqlite = new BunDatabase(path);
    const started = performance.now();
    const applied = applyMigrations(sqlite);
    sqlite.close();
    if (applied > 0) console.log(`applied ${applied} pending migration(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  // A fresh connection with the gateway's own settings (default page cache), as the dashboard would see it.
  const storage = reuse || schema === migrations.length ? openStorage(path) : undefined;
  const sqlite = storage?.sqlite ?? openWithMigrations(path, 0);
  const dataset = datasetOf(sqlite);
  const counts = sqlite.query<{ records: number; hourly: number }, []>("SELECT (SELECT COUNT(*) FROM usage_records) AS records, (SELECT COUNT(*) FROM usage_hourly) AS hourly").get()!;
  const indexes = sqlite.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'usage%' ORDER BY name").all();
  const tables = sqlite.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'usage%' ORDER BY name").all();
  const schemaNow = sqlite.query<{ id: number }, []>("SELECT MAX(id) AS id FROM schema_migrations").get()!.id;
  console.log(`schema: migration ${schemaNow}; usage_records ${formatCount(counts.records)} rows, usage_hourly ${formatCount(counts.hourly)} rows, file ${megabytes(path).toFixed(0)} MB`);
  for (const table of tables) {
    if (table.name === "usage_records" || table.name === "usage_hourly") continue;
    const count = sqlite.query<{ count: number }, []>(`SELECT COUNT(*) AS count FROM ${table.name}`).get()!.count;
    console.log(`  ${table.name}: ${formatCount(count)} rows`);
  }
  console.log(`indexes: ${indexes.map((index) => index.name).join(", ")}`);

  if (storage && schemaNow === migrations.length) {
    const results = await measure(storage, dataset);
    const nameWidth = Math.max(...results.map((result) => result.name.length));
    console.log("");
    console.log(`${"query".padEnd(nameWidth)}  ${"ms".padStart(7)}  ${"max".padStart(7)}  ${"rows".padStart(9)}  plan`);
    for (const result of results) {
      const flag = result.medianMs > 100 && !result.bulk ? "!" : " ";
      console.log(
        `${result.name.padEnd(nameWidth)} ${flag}${formatMs(result.medianMs).padStart(7)}  ${formatMs(result.maxMs).padStart(7)}  ${formatCount(result.rows).padStart(9)}  ${result.plans.join(" | ")}`,
      );
    }
    console.log("(ms: median of 5; rows: rows returned, or response bytes for routes; ! over 100 ms)");
  } else console.log(`(queries skipped: they read the schema of migration ${migrations.length})`);

  const writerRows = Number(argument("writer-rows") ?? 100_000);
  console.log("");
  if (schemaNow === migrations.length) {
    const rate = measureWriter(sqlite, datasetOf(sqlite), writerRows);
    console.log(`batch writer (createUsageRecorder, 500 records per transaction, ${formatCount(writerRows)} records): ${formatCount(rate)} records/s`);
  } else console.log(`(batch writer skipped: it writes the schema of migration ${migrations.length})`);
  sqlite.close();
  console.log(`database size after the run: ${megabytes(path).toFixed(0)} MB`);
  if (!keep && directory) rmSync(directory, { recursive: true, force: true });
  else console.log(`kept: ${path}`);
}

if (import.meta.main) await main();
