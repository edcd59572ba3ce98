// One shared EventSource on /api/logs/stream for the whole dashboard: the overview, usage and live log pages
// subscribe to it, and it closes when nobody listens.
import { toLogRecord } from "./log-record.ts";
import type { LogRecord } from "./types.ts";

type Listener = (record: LogRecord) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;

function open(): void {
  source = new EventSource("/api/logs/stream");
  // Marks the page while the stream is connected (the browser test waits for it before sending a request).
  source.addEventListener("open", () => (document.documentElement.dataset.liveUsage = "open"));
  source.addEventListener("error", () => delete document.documentElement.dataset.liveUsage);
  source.addEventListener("usage", (event) => {
    const record = toLogRecord(JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>);
    for (const listener of listeners) listener(record);
  });
}

export function subscribeToUsage(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = undefined;
      delete document.documentElement.dataset.liveUsage;
    }
  };
}
