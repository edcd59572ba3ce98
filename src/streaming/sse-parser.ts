// The one SSE parser: bytes in, events out. Handles \n, \r\n and \r line endings, multi-line data, comments
// and events split across chunks. Every upstream stream decoder is fed from here.
export type SseEvent = { event?: string; data: string; id?: string };

const streaming = { stream: true };

export function createSseParser() {
  const decoder = new TextDecoder();
  let buffer = "";
  /** The data lines of the event being read, joined with "\n"; undefined before the first one. */
  let data: string | undefined;
  let eventName: string | undefined;
  let eventId: string | undefined;

  const takeLine = (line: string, out: SseEvent[]) => {
    if (line === "") {
      if (data !== undefined || eventName !== undefined) {
        const event: SseEvent = { data: data ?? "" };
        if (eventName !== undefined) event.event = eventName;
        if (eventId !== undefined) event.id = eventId;
        out.push(event);
      }
      data = undefined;
      eventName = undefined;
      return;
    }
    let field: string;
    let value: string;
    if (line.startsWith("data:")) {
      // Nearly every line: no field name to cut out.
      field = "data";
      value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    } else {
      if (line.charCodeAt(0) === 58) return;
      const colon = line.indexOf(":");
      field = colon === -1 ? line : line.slice(0, colon);
      value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
    }
    if (field === "data") data = data === undefined ? value : `${data}\n${value}`;
    else if (field === "event") eventName = value;
    else if (field === "id") eventId = value;
  };

  const drain = (final: boolean): SseEvent[] => {
    const out: SseEvent[] = [];
    let start = 0;
    if (buffer.indexOf("\r") === -1) {
      // Only \n endings (nearly every upstream): jump from one to the next.
      for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n", start)) {
        takeLine(buffer.slice(start, end), out);
        start = end + 1;
      }
    } else {
      for (let index = 0; index < buffer.length; index++) {
        const code = buffer.charCodeAt(index);
        if (code !== 10 && code !== 13) continue;
        if (code === 13 && index + 1 === buffer.length && !final) break;
        takeLine(buffer.slice(start, index), out);
        if (code === 13 && buffer.charCodeAt(index + 1) === 10) index++;
        start = index + 1;
      }
    }
    buffer = buffer.slice(start);
    if (final) {
      if (buffer.length > 0) takeLine(buffer, out);
      buffer = "";
      takeLine("", out);
    }
    return out;
  };

  return {
    /** Feeds bytes (or text); returns the events completed by them. */
    push(chunk: Uint8Array | string): SseEvent[] {
      buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, streaming);
      return drain(false);
    },
    /** True between events: nothing of a next event (not even part of a line) has been read yet. */
    atBoundary(): boolean {
      return buffer.length === 0 && data === undefined && eventName === undefined;
    },
    /** Flushes a last event that had no blank line after it. */
    end(): SseEvent[] {
      buffer += decoder.decode();
      return drain(true);
    },
  };
}
