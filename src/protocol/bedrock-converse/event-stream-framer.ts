// Bedrock streams in AWS's binary event-stream encoding (application/vnd.amazon.eventstream), not SSE. Each
// message: total length (u32, big-endian), headers length (u32), CRC32 of those 8 bytes, the headers, the payload,
// and a CRC32 of everything before it. A header is a name (u8 length + UTF-8), a type byte and a value; strings
// (type 7) carry a u16 length. This framer cuts the bytes into messages however the chunks split them, checks
// both checksums, and hands each message on in the shape the SSE parser gives other decoders:
//   :message-type event       → { event: <:event-type>, data: <payload text> }
//   :message-type exception   → { event: "exception:<:exception-type>", data: <payload text> }
//   :message-type error       → { event: "exception:<:error-code>", data: {"message": <:error-message>} }
// A corrupt message throws: the stream pipeline turns that into a clean error for the client.
import type { StreamFramer } from "../format-codec.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";

const preludeLength = 12;
const checksumLength = 4;
/** Larger than any real event; a length past it means the bytes are not an event stream. */
const maximumMessageLength = 16 * 1024 * 1024;

/** Bytes each header value type occupies after its type byte (strings and byte arrays carry their own length). */
const fixedValueLengths: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

export class EventStreamFramingError extends Error {}

function readHeaders(view: DataView, bytes: Uint8Array, start: number, end: number): Map<string, string> {
  const decoder = new TextDecoder();
  const headers = new Map<string, string>();
  let offset = start;
  while (offset < end) {
    const nameLength = view.getUint8(offset);
    const name = decoder.decode(bytes.subarray(offset + 1, offset + 1 + nameLength));
    offset += 1 + nameLength;
    const type = view.getUint8(offset);
    offset += 1;
    if (type === 6 || type === 7) {
      const length = view.getUint16(offset);
      if (type === 7) headers.set(name, decoder.decode(bytes.subarray(offset + 2, offset + 2 + length)));
      offset += 2 + length;
    } else {
      const length = fixedValueLengths[type];
      if (length === undefined) throw new EventStreamFramingError(`event-stream header ${name} has an unknown value type ${type}`);
      offset += length;
    }
  }
  if (offset !== end) throw new EventStreamFramingError("event-stream headers overrun their declared length");
  return headers;
}

function eventOf(headers: Map<string, string>, payload: string): SseEvent {
  const messageType = headers.get(":message-type") ?? "event";
  if (messageType === "exception") return { event: `exception:${headers.get(":exception-type") ?? "unknownException"}`, data: payload };
  if (messageType === "error") {
    return { event: `exception:${headers.get(":error-code") ?? "unknownError"}`, data: JSON.stringify({ message: headers.get(":error-message") ?? payload }) };
  }
  return { event: headers.get(":event-type") ?? "", data: payload };
}

export function createEventStreamFramer(): StreamFramer {
  const decoder = new TextDecoder();
  let buffer = new Uint8Array(0);

  const take = (): SseEvent[] => {
    const events: SseEvent[] = [];
    let offset = 0;
    while (buffer.length - offset >= preludeLength) {
      const view = new DataView(buffer.buffer, buffer.byteOffset + offset, buffer.length - offset);
      const totalLength = view.getUint32(0);
      const headersLength = view.getUint32(4);
      if (Bun.hash.crc32(buffer.subarray(offset, offset + 8)) !== view.getUint32(8)) throw new EventStreamFramingError("event-stream prelude checksum mismatch");
      if (totalLength < preludeLength + checksumLength + headersLength || totalLength > maximumMessageLength) {
        throw new EventStreamFramingError(`event-stream message length ${totalLength} is impossible`);
      }
      if (buffer.length - offset < totalLength) break;
      const message = buffer.subarray(offset, offset + totalLength);
      if (Bun.hash.crc32(message.subarray(0, totalLength - checksumLength)) !== view.getUint32(totalLength - checksumLength)) {
        throw new EventStreamFramingError("event-stream message checksum mismatch");
      }
      const headersEnd = preludeLength + headersLength;
      const headers = readHeaders(view, message, preludeLength, headersEnd);
      events.push(eventOf(headers, decoder.decode(message.subarray(headersEnd, totalLength - checksumLength))));
      offset += totalLength;
    }
    buffer = buffer.subarray(offset);
    return events;
  };

  return {
    push(chunk) {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      const joined = new Uint8Array(buffer.length + bytes.length);
      joined.set(buffer);
      joined.set(bytes, buffer.length);
      buffer = joined;
      return take();
    },
    // A partial message left at the end is a cut stream; the pipeline reports one that never finished.
    end: () => [],
  };
}
