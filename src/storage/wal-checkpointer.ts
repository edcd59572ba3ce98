// SQLite checkpoints its write-ahead log automatically inside the commit that crosses 1,000 pages, on the thread
// that wrote: in the gateway, the request thread, where copying the pages back and syncing held the event loop for
// 5 to 25 ms (the gateway's p99 at one connection). Here the gateway's own connection never checkpoints; a worker
// thread with its own connection does, passively, after writes (at most four times a second). The usage writer holds
// its next scheduled batch until the checkpoint is done, so the checkpoint copies the whole log and the next write
// starts the log over: it stays a few megabytes. The worker starts at the first write (an idle gateway does not
// carry it), and the last checkpoint at shutdown empties the log.
import type { Database } from "bun:sqlite";
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
/** A checkpoint that has not answered by then no longer holds writes back. */
const answerTimeoutMs = 2000;

const workerSource = `
import { Database } from "bun:sqlite";
let database;
self.onmessage = ({ data }) => {
  try {
    database ??= new Database(data.path, { readwrite: true, create: false });
    const result = database.query("PRAGMA wal_checkpoint(PASSIVE)").get();
    postMessage({ done: true, result });
  } catch (error) {
    postMessage({ done: true, error: String((error && error.message) || error) });
  }
};
`;

type Answer = { done: true; error?: string };

export function createWalCheckpointer(sqlite: Database, path: string, logger: Logger): WalCheckpointer {
  if (path === ":memory:") return { wrote() {}, checkpointing: false, onDone() {}, stop() {} };
  sqlite.run("PRAGMA wal_autocheckpoint = 0");
  let worker: Worker | undefined;
  let failed = false;
  let running: ReturnType<typeof setTimeout> | undefined;
  let lastStarted = 0;
  let doneListener: (() => void) | undefined;
  const finished = () => {
    if (running) clearTimeout(running);
    running = undefined;
    doneListener?.();
  };
  const fallBack = (message: string) => {
    failed = true;
    worker?.terminate();
    worker = undefined;
    finished();
    logger.warn(`background WAL checkpoints are off (${message}); SQLite checkpoints on commit instead`);
    sqlite.run("PRAGMA wal_autocheckpoint = 1000");
  };
  const start = () => {
    worker = new Worker(URL.createObjectURL(new Blob([workerSource], { type: "application/javascript" })), { smol: true });
    (worker as Worker & { unref(): void }).unref();
    worker.onmessage = ({ data }: MessageEvent<Answer>) => {
      if (data.error) logger.debug(`WAL checkpoint: ${data.error}`);
      finished();
    };
    worker.onerror = (event) => fallBack(event.message);
  };
  return {
    wrote() {
      if (failed || running) return;
      const now = Date.now();
      if (now - lastStarted < minimumIntervalMs) return;
      try {
        if (!worker) start();
        lastStarted = now;
        running = setTimeout(finished, answerTimeoutMs);
        running.unref();
        worker!.postMessage({ path });
      } catch (error) {
        fallBack((error as Error).message);
      }
    },
    get checkpointing() {
      return running !== undefined;
    },
    onDone(listener) {
      doneListener = listener;
    },
    stop() {
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
