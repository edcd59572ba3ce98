// The binary event-stream framer: messages come out whole however the bytes are chunked (every split point is
// tried), checksums are verified, and exceptions are told apart from events.
import { describe, expect, test } from "bun:test";
import { createEventStreamFramer } from "../../../src/protocol/bedrock-converse/event-stream-framer.ts";
import { converseEvent, converseException, encodeEventStreamMessage } from "../../mock-upstream/aws-event-stream.ts";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const stream = concat([
  converseEvent("messageStart", { role: "assistant" }),
  converseEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Héllo ✓" } }),
  converseEvent("messageStop", { stopReason: "end_turn" }),
]);

describe("event-stream framer", () => {
  test("one chunk: every message, its event type and JSON payload", () => {
    const events = createEventStreamFramer().push(stream);
    expect(events.map((event) => event.event)).toEqual(["messageStart", "contentBlockDelta", "messageStop"]);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ contentBlockIndex: 0, delta: { text: "Héllo ✓" } });
  });

  test("split at every byte boundary, and byte by byte, gives the same events", () => {
    const whole = createEventStreamFramer().push(stream);
    for (let cut = 1; cut < stream.length; cut++) {
      const framer = createEventStreamFramer();
      const events = [...framer.push(stream.subarray(0, cut)), ...framer.push(stream.subarray(cut)), ...framer.end()];
      expect(events).toEqual(whole);
    }
    const framer = createEventStreamFramer();
    const byteByByte = [...stream].flatMap((byte) => framer.push(new Uint8Array([byte])));
    expect(byteByByte).toEqual(whole);
  });

  test("an exception message is named exception:<type>", () => {
    const [event] = createEventStreamFramer().push(converseException("throttlingException", "Too many requests"));
    expect(event).toEqual({ event: "exception:throttlingException", data: '{"message":"Too many requests"}' });
  });

  test("an error message carries its code and message headers", () => {
    const message = encodeEventStreamMessage({ ":message-type": "error", ":error-code": "InternalFailure", ":error-message": "boom" }, "");
    expect(createEventStreamFramer().push(message)).toEqual([{ event: "exception:InternalFailure", data: '{"message":"boom"}' }]);
  });

  test("a corrupted payload byte fails the message checksum", () => {
    const corrupt = converseEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "hello" } });
    corrupt[corrupt.length - 8]! ^= 0xff;
    expect(() => createEventStreamFramer().push(corrupt)).toThrow(/message checksum/);
  });

  test("a corrupted length fails the prelude checksum", () => {
    const corrupt = converseEvent("messageStart", { role: "assistant" });
    corrupt[2]! ^= 0x01;
    expect(() => createEventStreamFramer().push(corrupt)).toThrow(/prelude checksum/);
  });

  test("a message cut short is held, and the end flushes nothing", () => {
    const framer = createEventStreamFramer();
    expect(framer.push(stream.subarray(0, stream.length - 3))).toHaveLength(2);
    expect(framer.end()).toEqual([]);
  });
});

// The AWS event-stream test vectors (aws-c-event-stream, also in @smithy/eventstream-codec): encodings made by
// AWS's own codec, so the framer and the mock's encoder are checked against something neither of them wrote.
const vectorPayloadOneStringHeader = Uint8Array.from([
  0, 0, 0, 61, 0, 0, 0, 32, 7, 253, 131, 150, 12, 99, 111, 110, 116, 101, 110, 116, 45, 116, 121, 112,
  101, 7, 0, 16, 97, 112, 112, 108, 105, 99, 97, 116, 105, 111, 110, 47, 106, 115, 111, 110, 123, 39,
  102, 111, 111, 39, 58, 39, 98, 97, 114, 39, 125, 141, 156, 8, 177,
]);
const vectorAllHeaderTypes = Uint8Array.from([
  0, 0, 0, 204, 0, 0, 0, 175, 15, 174, 100, 202, 10, 101, 118, 101, 110, 116, 45, 116, 121, 112, 101, 4,
  0, 0, 160, 12, 12, 99, 111, 110, 116, 101, 110, 116, 45, 116, 121, 112, 101, 7, 0, 16, 97, 112, 112,
  108, 105, 99, 97, 116, 105, 111, 110, 47, 106, 115, 111, 110, 10, 98, 111, 111, 108, 32, 102, 97, 108,
  115, 101, 1, 9, 98, 111, 111, 108, 32, 116, 114, 117, 101, 0, 4, 98, 121, 116, 101, 2, 207, 8, 98, 121,
  116, 101, 32, 98, 117, 102, 6, 0, 20, 73, 39, 109, 32, 97, 32, 108, 105, 116, 116, 108, 101, 32, 116,
  101, 97, 112, 111, 116, 33, 9, 116, 105, 109, 101, 115, 116, 97, 109, 112, 8, 0, 0, 0, 0, 0, 132, 95,
  237, 5, 105, 110, 116, 49, 54, 3, 0, 42, 5, 105, 110, 116, 54, 52, 5, 0, 0, 0, 0, 2, 135, 87, 178, 4,
  117, 117, 105, 100, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 123, 39, 102, 111, 111,
  39, 58, 39, 98, 97, 114, 39, 125, 171, 165, 241, 12,
]);

describe("AWS event-stream test vectors", () => {
  test("payload_one_str_header: the mock's encoder writes the same bytes, the framer reads them back", () => {
    expect(encodeEventStreamMessage({ "content-type": "application/json" }, "{'foo':'bar'}")).toEqual(vectorPayloadOneStringHeader);
    expect(createEventStreamFramer().push(vectorPayloadOneStringHeader)).toEqual([{ event: "", data: "{'foo':'bar'}" }]);
  });

  test("all_headers: every header value type is stepped over", () => {
    expect(createEventStreamFramer().push(vectorAllHeaderTypes)).toEqual([{ event: "", data: "{'foo':'bar'}" }]);
  });

  test("corrupted_length, corrupted_header_len and corrupted_headers are refused", () => {
    const corrupted = (index: number, value: number) => vectorPayloadOneStringHeader.map((byte, at) => (at === index ? value : byte));
    expect(() => createEventStreamFramer().push(corrupted(3, 62))).toThrow(/prelude checksum/);
    expect(() => createEventStreamFramer().push(corrupted(7, 33))).toThrow(/prelude checksum/);
    expect(() => createEventStreamFramer().push(corrupted(45, 97))).toThrow(/message checksum/);
  });
});
