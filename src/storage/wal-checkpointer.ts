// SQLite checkpoints its write-ahead log automatically inside the commit that crosses 1,000 pages, on the thread
// that wrote: in the gateway, the request thread, where copying the pages back and syncing held the event loop for
// 5 to 25 ms (the gateway's p99 at one connection). Here a worker thread with its own connection checkpoints,
// passively, after usage writes (at most four times a second) and whenever the log has grown past a few megabytes
// (retention, cache and settings writes). The usage writer holds its next scheduled batch until the checkpoint is
// done, so the checkpoint copies the whole log and the next write starts it over. The gateway's connection still
// checkpoints on commit past 10,000 pages, a safety net that normal operation never reaches. The worker starts at
// the first checkpoint (an idle gateway does not carry it); one that fails, errs three times in a row or does not
// answer within two seconds is dropped for SQLite's own checkpoints. The last checkpoint at shutdown empties the log.
import type { Database } from "bun:sqlite";
import { statSync } from "node:fs";
import type { Logger } from "../logging/logger.ts";

export type WalCheckpointer = {
  /** Called after the gateway wrote to the database. */
  wrote(): void;
  /** True while a checkpoint runs: scheduled writes wait for it. */
  readonly checkpointing: boolean;
  /** Called when a checkpoint has finished. */
  onDone(listener: () => void): void;
  stop(): void;
};

const minimumIntervalMs = 250;
const answerTimeoutMs = 2000;
const sizeCheckIntervalMs = 1000;
const largeLogBytes = 4 * 1024 * 1024;
const safetyNetPages = 10_000;
const errorsBeforeFallBack = 3;

// Opens the database for each checkpoint, so the worker holds no connection between them (nor at shutdown).
const workerSource = `
import { Database } from "bun:sqlite";
self.onmessage = ({ data }) => {
  let database;
  try {
    database = new Database(data.path, { readwrite: true, create: false });
    database.run("PRAGMA busy_timeout = 1000");
    database.query("PRAGMA wal_checkpoint(PASSIVE)").get();
    postMessage({ sequence: data.sequence });
  } catch (error) {
    postMessage({ sequence: data.sequence, error: String((error && error.message) || error) });
  } finally {
    database?.close();
  }
};
`;

type Answer = { sequence: number; error?: string };

export function createWalCheckpointer(sqlite: Database, path: string, logger: Logger): WalCheckpointer {
  if (path === ":memory:") return { wrote() {}, checkpointing: false, onDone() {}, stop() {} };
  sqlite.run(`PRAGMA wal_autocheckpoint = ${safetyNetPages}`);
  let worker: Worker | undefined;
  let failed = false;
  let sequence = 0;
  let running: ReturnType<typeof setTimeout> | undefined;
  let lastStarted = 0;
  let errorsInARow = 0;
  let doneListener: (() => void) | undefined;

  const finished = () => {
    if (running) clearTimeout(running);
    running = undefined;
    doneListener?.();
  };
  const fallBack = (message: string) => {
    if (failed) return;
    failed = true;
    worker?.terminate();
    worker = undefined;
    clearInterval(sizeCheck);
    logger.warn(`background WAL checkpoints are off (${message}); SQLite checkpoints on commit instead`);
    sqlite.run("PRAGMA wal_autocheckpoint = 1000");
    finished();
  };
  const startWorker = (): Worker => {
    const started = new Worker(URL.createObjectURL(new Blob([workerSource], { type: "application/javascript" })), { smol: true });
    (started as Worker & { unref(): void }).unref();
    started.onmessage = ({ data }: MessageEvent<Answer>) => {
      if (data.sequence !== sequence) return;
      if (data.error) {
        errorsInARow++;
        logger.debug(`WAL checkpoint: ${data.error}`);
        if (errorsInARow >= errorsBeforeFallBack) return fallBack(`the checkpoint failed ${errorsInARow} times: ${data.error}`);
      } else {
        errorsInARow = 0;
      }
      finished();
    };
    started.onerror = (event) => fallBack(event.message);
    return started;
  };
  const checkpoint = () => {
    if (failed || running) return;
    try {
      worker ??= startWorker();
      lastStarted = Date.now();
      sequence++;
      running = setTimeout(() => fallBack(`a checkpoint did not finish within ${answerTimeoutMs} ms`), answerTimeoutMs);
      running.unref();
      worker.postMessage({ path, sequence });
    } catch (error) {
      fallBack((error as Error).message);
    }
  };
  const logBytes = () => {
    try {
      return statSync(`${path}-wal`).size;
    } catch {
      return 0;
    }
  };
  const sizeCheck = setInterval(() => {
    if (logBytes() > largeLogBytes) checkpoint();
  }, sizeCheckIntervalMs);
  sizeCheck.unref();

  return {
    wrote() {
      if (Date.now() - lastStarted >= minimumIntervalMs) checkpoint();
    },
    get checkpointing() {
      return running !== undefined;
    },
    onDone(listener) {
      doneListener = listener;
    },
    stop() {
      clearInterval(sizeCheck);
      if (running) clearTimeout(running);
      running = undefined;
      worker?.terminate();
      worker = undefined;
      try {
        sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch {
        // Another process is reading: the log is checkpointed by the next one to close.
      }
    },
  };
}
