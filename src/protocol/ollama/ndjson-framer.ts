// Ollama streams newline-delimited JSON, not SSE: one JSON object per line. This framer cuts the bytes into
// lines (\n or \r\n, lines split across chunks held until complete) and hands each non-blank line to the
// decoder as an event whose `data` is the line, the shape the SSE parser gives every other decoder.
import type { StreamFramer } from "../format-codec.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";

export function createNdjsonFramer(): StreamFramer {
  const decoder = new TextDecoder();
  let buffer = "";

  const lines = (final: boolean): SseEvent[] => {
    const out: SseEvent[] = [];
    let start = 0;
    for (let newline = buffer.indexOf("\n"); newline !== -1; newline = buffer.indexOf("\n", start)) {
      const line = buffer.slice(start, newline).trim();
      if (line) out.push({ data: line });
      start = newline + 1;
    }
    buffer = buffer.slice(start);
    if (final) {
      const rest = buffer.trim();
      if (rest) out.push({ data: rest });
      buffer = "";
    }
    return out;
  };

  return {
    push(chunk) {
      buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      return lines(false);
    },
    end() {
      buffer += decoder.decode();
      return lines(true);
    },
  };
}
