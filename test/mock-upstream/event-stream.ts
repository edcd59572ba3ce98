// A format-neutral streaming response body for Server-Sent Events and similar chunked protocols. Handlers
// describe what to write; this module adds the real delay between chunks (so tests can see the first byte
// before the last), stops writing when the client goes away, and can cut the connection abruptly on purpose.

import { sleepUnlessAborted, waitUntilAborted } from "./timing.ts";

export type StreamWriter = {
  /** Writes raw text (e.g. `data: {...}\n\n`) or bytes; every write after the first is preceded by the chunk delay. */
  send(chunk: string | Uint8Array): Promise<void>;
  /** Keeps the stream open, writing nothing, until the client aborts or the mock stops. */
  waitUntilAborted(): Promise<void>;
  /** Ends the body with a transport error, so the client sees the connection drop mid-body. */
  drop(): void;
};

export type StreamOptions = {
  status?: number;
  headers: Record<string, string>;
  signal: AbortSignal;
  chunkDelayMilliseconds: number;
  write(writer: StreamWriter): Promise<void>;
};

export function streamingResponse(options: StreamOptions): Response {
  const encoder = new TextEncoder();
  const cancellation = new AbortController();
  const signal = AbortSignal.any([options.signal, cancellation.signal]);
  let finished = false;
  let wroteFirstChunk = false;

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (finished) return;
        finished = true;
        try {
          controller.close();
        } catch {
          // Already closed by the runtime after the client went away.
        }
      };
      signal.addEventListener("abort", close, { once: true });

      const writer: StreamWriter = {
        async send(chunk) {
          if (wroteFirstChunk) await sleepUnlessAborted(options.chunkDelayMilliseconds, signal);
          if (finished || signal.aborted) return;
          wroteFirstChunk = true;
          try {
            controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
          } catch {
            finished = true;
          }
        },
        waitUntilAborted: () => waitUntilAborted(signal),
        drop() {
          if (finished) return;
          finished = true;
          controller.error(new Error("mock upstream dropped the connection on purpose"));
        },
      };

      // Not returned from start(): the runtime must be free to flush chunks while the writer is running.
      void options.write(writer).then(close, (error: unknown) => {
        if (finished) return;
        finished = true;
        controller.error(error);
      });
    },
    cancel() {
      cancellation.abort();
    },
  });

  return new Response(body, { status: options.status ?? 200, headers: options.headers });
}
