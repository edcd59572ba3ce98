// The one SSE parser: bytes in, events out. Handles \n, \r\n and \r line endings, multi-line data, comments
// and events split across chunks. Every upstream stream decoder is fed from here.
export type SseEvent = { event?: string; data: string; id?: string };

const streaming = { stream: true };

/** A class, not closures: one is made per streamed request. */
class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = "";
  /** The data lines of the event being read, joined with "\n"; undefined before the first one. */
  private data: string | undefined;
  private eventName: string | undefined;
  private eventId: string | undefined;

  /** Feeds bytes (or text); returns the events completed by them. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, streaming);
    return this.drain(false);
  }

  /** True between events: nothing of a next event (not even part of a line) has been read yet. */
  atBoundary(): boolean {
    return this.buffer.length === 0 && this.data === undefined && this.eventName === undefined;
  }

  /** Flushes a last event that had no blank line after it. */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    return this.drain(true);
  }

  private takeLine(line: string, out: SseEvent[]): void {
    if (line === "") {
      if (this.data !== undefined || this.eventName !== undefined) {
        const event: SseEvent = { data: this.data ?? "" };
        if (this.eventName !== undefined) event.event = this.eventName;
        if (this.eventId !== undefined) event.id = this.eventId;
        out.push(event);
      }
      this.data = undefined;
      this.eventName = undefined;
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
    if (field === "data") this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    else if (field === "event") this.eventName = value;
    else if (field === "id") this.eventId = value;
  }

  private drain(final: boolean): SseEvent[] {
    const out: SseEvent[] = [];
    const buffer = this.buffer;
    let start = 0;
    if (buffer.indexOf("\r") === -1) {
      // Only \n endings (nearly every upstream): jump from one to the next.
      for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n", start)) {
        this.takeLine(buffer.slice(start, end), out);
        start = end + 1;
      }
    } else {
      for (let index = 0; index < buffer.length; index++) {
        const code = buffer.charCodeAt(index);
        if (code !== 10 && code !== 13) continue;
        if (code === 13 && index + 1 === buffer.length && !final) break;
        this.takeLine(buffer.slice(start, index), out);
        if (code === 13 && buffer.charCodeAt(index + 1) === 10) index++;
        start = index + 1;
      }
    }
    this.buffer = buffer.slice(start);
    if (final) {
      if (this.buffer.length > 0) this.takeLine(this.buffer, out);
      this.buffer = "";
      this.takeLine("", out);
    }
    return out;
  }
}

export function createSseParser(): SseParser {
  return new SseParser();
}
