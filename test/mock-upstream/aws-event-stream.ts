// Writes AWS event-stream messages (application/vnd.amazon.eventstream) the way Bedrock sends them: prelude
// (total length, headers length, prelude CRC32), string headers (:event-type or :exception-type, :content-type,
// :message-type), the JSON payload, and the message CRC32. Used by the Bedrock mock and the framer tests.

export type EventStreamHeaders = Record<string, string>;

function encodeHeaders(headers: EventStreamHeaders): Uint8Array {
  const encoder = new TextEncoder();
  const parts: number[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = encoder.encode(name);
    const valueBytes = encoder.encode(value);
    parts.push(nameBytes.length, ...nameBytes, 7, (valueBytes.length >> 8) & 0xff, valueBytes.length & 0xff, ...valueBytes);
  }
  return new Uint8Array(parts);
}

export function encodeEventStreamMessage(headers: EventStreamHeaders, payload: string): Uint8Array {
  const headerBytes = encodeHeaders(headers);
  const payloadBytes = new TextEncoder().encode(payload);
  const total = 12 + headerBytes.length + payloadBytes.length + 4;
  const message = new Uint8Array(total);
  const view = new DataView(message.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, Bun.hash.crc32(message.subarray(0, 8)));
  message.set(headerBytes, 12);
  message.set(payloadBytes, 12 + headerBytes.length);
  view.setUint32(total - 4, Bun.hash.crc32(message.subarray(0, total - 4)));
  return message;
}

/** A Converse stream event; Bedrock pads payloads with a `p` field of varying length, which readers ignore. */
export function converseEvent(eventType: string, payload: Record<string, unknown>): Uint8Array {
  return encodeEventStreamMessage(
    { ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" },
    JSON.stringify({ ...payload, p: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ".slice(0, 5 + (eventType.length % 20)) }),
  );
}

export function converseException(exceptionType: string, message: string): Uint8Array {
  return encodeEventStreamMessage({ ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" }, JSON.stringify({ message }));
}
