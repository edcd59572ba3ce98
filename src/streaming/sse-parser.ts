// The one SSE parser: bytes in, events out. Handles \n, \r\n and \r line endings, multi-line data, comments
// and events split across chunks. Every upstream stream decoder is fed from here.
export type SseEvent = { event?: string; data: string; id?: string };

export function createSseParser() {
  const decoder = new TextDecoder();
  let buffer = "";
  let dataLines: string[] = [];
  let eventName: string | undefined;
  let eventId: string | undefined;

  const takeLine = (line: string, out: SseEvent[]) => {
    if (line === "") {
      if (dataLines.length > 0 || eventName !== undefined) {
        const event: SseEvent = { data: dataLines.join("\n") };
        if (eventName !== undefined) event.event = eventName;
        if (eventId !== undefined) event.id = eventId;
        out.push(event);
      }
      dataLines = [];
      eventName = undefined;
      return;
    }
    if (line.charCodeAt(0) === 58) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") dataLines.push(value);
    else if (field === "event") eventName = value;
    else if (field === "id") eventId = value;
  };

  const drain = (final: boolean): SseEvent[] => {
    const out: SseEvent[] = [];
    let start = 0;
    for (let index = 0; index < buffer.length; index++) {
      const code = buffer.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      if (code === 13 && index + 1 === buffer.length && !final) break;
      takeLine(buffer.slice(start, index), out);
      if (code === 13 && buffer.charCodeAt(index + 1) === 10) index++;
      start = index + 1;
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
      buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      return drain(false);
    },
    /** True between events: nothing of a next event (not even part of a line) has been read yet. */
    atBoundary(): boolean {
      return buffer.length === 0 && dataLines.length === 0 && eventName === undefined;
    },
    /** Flushes a last event that had no blank line after it. */
    end(): SseEvent[] {
      buffer += decoder.decode();
      return drain(true);
    },
  };
}
