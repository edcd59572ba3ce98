// The streaming path: upstream bytes → the one SSE parser (or the decoder's own framer, for Ollama's NDJSON) →
// the upstream family's decoder → IR events → observers (usage, conversation store) → either the client's
// encoder (translation) or the original bytes (same format). Backpressure is the client's: upstream is read
// only when the client pulls. A client that goes away cancels the upstream read; an upstream that ends
// without finishing becomes the client format's error event, so no client is left hanging.
import type { StreamDecoder, StreamEncoder } from "../protocol/format-codec.ts";
import type { IrStreamEvent } from "../protocol/ir.ts";
import { createSseParser, type SseEvent } from "../streaming/sse-parser.ts";
import { sseEvent } from "../streaming/sse-writer.ts";
import { createIdleWatchdog, type IdleWatchdog } from "../resilience/timeouts.ts";
import { endDeadline, startDeadline } from "../resilience/deadline-queue.ts";

export type StreamPipelineOptions = {
  upstream: ReadableStream<Uint8Array>;
  decoder: StreamDecoder;
  /** Present when translating; absent when the client speaks the upstream's format (bytes pass through). */
  encoder?: StreamEncoder;
  /** When bytes pass through: makes a client-format encoder, used only to write a failure the upstream never sent. */
  createFailureEncoder?(): StreamEncoder;
  /** When bytes pass through: events to withhold from the client. Events are then re-framed one by one. */
  dropEvent?(event: SseEvent): boolean;
  onEvent?(event: IrStreamEvent): void;
  /** Called once when the stream is over, however it ended. */
  onClose?(outcome: { completed: boolean; clientAborted: boolean }): void;
  /** Longest silence allowed between upstream chunks; past it the stream ends with an error event. */
  idleTimeoutMs?: number;
  /** Longest a whole stream may run; past it the stream ends with an error event. */
  totalTimeoutMs?: number;
};

const encoder = new TextEncoder();

export function createStreamPipeline(options: StreamPipelineOptions): ReadableStream<Uint8Array> {
  const parser = options.decoder.framer ?? createSseParser();
  const reader = options.upstream.getReader();
  let terminal = false;
  let closed = false;
  let idle = false;
  let overTime = false;
  const totalTimeoutMs = options.totalTimeoutMs;
  const totalDeadline = totalTimeoutMs
    ? startDeadline(totalTimeoutMs, {
        expire() {
          overTime = true;
          void reader.cancel(new Error("total timeout")).catch(() => undefined);
        },
      })
    : undefined;
  let watchdog: IdleWatchdog | undefined;
  const watch = () => {
    if (!options.idleTimeoutMs) return;
    if (!watchdog) {
      watchdog = createIdleWatchdog(options.idleTimeoutMs, () => {
        idle = true;
        void reader.cancel(new Error("idle")).catch(() => undefined);
      });
    }
    watchdog.touch();
  };

  const close = (clientAborted: boolean) => {
    if (closed) return;
    closed = true;
    watchdog?.stop();
    if (totalTimeoutMs && totalDeadline) endDeadline(totalTimeoutMs, totalDeadline);
    options.onClose?.({ completed: terminal, clientAborted });
  };

  const translate = (events: IrStreamEvent[]): string => {
    let text = "";
    for (const event of events) {
      if (terminal) break;
      options.onEvent?.(event);
      if (event.type === "finish" || event.type === "error") terminal = true;
      if (options.encoder) text += options.encoder.encode(event);
    }
    return text;
  };

  /** When events may be withheld: the events of the current chunk to pass on, and whether any was withheld. */
  const kept: SseEvent[] = [];
  let withheld = false;
  /** Decodes a chunk (or the end of the stream) and hands its events on; returns the client's text when translating. */
  const take = (chunk: Uint8Array | undefined): string => {
    let text = "";
    for (const event of chunk ? parser.push(chunk) : parser.end()) {
      text += translate(options.decoder.push(event));
      if (options.dropEvent) {
        if (options.dropEvent(event)) withheld = true;
        else kept.push(event);
      }
    }
    if (!chunk) text += translate(options.decoder.end());
    return text;
  };
  /** The kept events re-framed; used only for a chunk whose original bytes cannot be passed on as they are. */
  const takeForwarded = () => {
    let text = "";
    for (const event of kept) text += sseEvent(event.data, event.event);
    kept.length = 0;
    withheld = false;
    return text;
  };
  /**
   * A chunk that starts and ends between events (last byte a newline, so no character is cut either) and
   * withholds nothing goes on as its original bytes, with no re-framing. The others are re-framed, so bytes of a
   * withheld event never reach the client.
   */
  const wholeChunk = (chunk: Uint8Array, startedAtBoundary: boolean): boolean =>
    startedAtBoundary && !withheld && chunk[chunk.length - 1] === 10 && (parser.atBoundary?.() ?? false);

  const cutReason = (): string | undefined => {
    if (overTime) return `The stream ran longer than ${options.totalTimeoutMs} ms (REQUEST_TIMEOUT_MS); it was cut.`;
    if (idle) return `The upstream sent nothing for ${options.idleTimeoutMs} ms; the stream was cut.`;
    return undefined;
  };

  /** Reports a failure the upstream never reported itself, in the client's format. */
  const fail = (message: string): string => {
    const event: IrStreamEvent = { type: "error", error: { status: 502, message, type: "upstream_error", code: "upstream_stream_ended" } };
    const translated = translate([event]);
    if (options.encoder) return translated;
    const failureEncoder = options.createFailureEncoder?.();
    return (failureEncoder?.encode(event) ?? "") + (failureEncoder?.end() ?? "");
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            watch();
            const { done, value } = await reader.read();
            if (done) {
              let text = take(undefined);
              if (options.dropEvent) text = takeForwarded() + text;
              if (!terminal) text += fail(cutReason() ?? "The upstream ended the stream before it finished.");
              if (options.encoder) text += options.encoder.end();
              if (text) controller.enqueue(encoder.encode(text));
              controller.close();
              close(false);
              return;
            }
            const startedAtBoundary = parser.atBoundary?.() ?? false;
            const text = take(value);
            if (!options.encoder && !options.dropEvent) {
              controller.enqueue(value);
              return;
            }
            if (options.dropEvent) {
              if (wholeChunk(value, startedAtBoundary)) {
                kept.length = 0;
                controller.enqueue(value);
                return;
              }
              const passed = takeForwarded();
              if (passed) {
                controller.enqueue(encoder.encode(passed));
                return;
              }
              continue;
            }
            if (text) {
              controller.enqueue(encoder.encode(text));
              return;
            }
          }
        } catch (error) {
          if (closed) return;
          const reason = cutReason() ?? `The upstream stream failed: ${(error as Error).message}`;
          const text = terminal ? "" : fail(reason);
          controller.enqueue(encoder.encode(text + (options.encoder?.end() ?? "")));
          controller.close();
          close(false);
        }
      },
      async cancel(reason) {
        close(true);
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
