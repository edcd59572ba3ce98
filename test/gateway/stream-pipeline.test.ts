// The streaming pipeline on the passthrough path with events withheld (the usage chunk the gateway asked for and
// the client did not): chunks that hold only whole events reach the client as their original bytes (comments and
// ids included), a withheld event never reaches it even when it is split across chunks, and however the bytes
// are cut, the client gets every kept event once, in order.
import { describe, expect, test } from "bun:test";
import { createStreamPipeline } from "../../src/gateway/stream-pipeline.ts";
import { createSseParser, type SseEvent } from "../../src/streaming/sse-parser.ts";

const encoder = new TextEncoder();
const usageData = JSON.stringify({ id: "c", choices: [], usage: { prompt_tokens: 5, completion_tokens: 6 } });
const events = [
  `data: ${JSON.stringify({ id: "c", choices: [{ index: 0, delta: { role: "assistant", content: "" } }] })}\n\n`,
  `: keep-alive comment\nid: 7\ndata: ${JSON.stringify({ id: "c", choices: [{ index: 0, delta: { content: "Héllo ✓" } }] })}\n\n`,
  `data: ${JSON.stringify({ id: "c", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
  `data: ${usageData}\n\n`,
  "data: [DONE]\n\n",
];

function upstreamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  const queue = chunks.slice();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function passthrough(chunks: Uint8Array[]): Promise<string> {
  const body = createStreamPipeline({
    upstream: upstreamOf(chunks),
    decoder: { push: () => [], end: () => [] },
    dropEvent: (event: SseEvent) => event.data.includes('"usage"'),
  });
  return await new Response(body).text();
}

function parsed(text: string): string[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()].map((event) => event.data);
}

describe("stream pipeline passthrough with withheld events", () => {
  test("chunks of whole events go out as their original bytes; the withheld one does not", async () => {
    const out = await passthrough(events.map((event) => encoder.encode(event)));
    expect(out).toBe(events.filter((_, index) => index !== 3).join(""));
    expect(out).toContain(": keep-alive comment\nid: 7\n");
  });

  test("a withheld event split across chunks leaks no byte, whatever the cut", async () => {
    const bytes = encoder.encode(events.join(""));
    const expected = events.filter((_, index) => index !== 3).flatMap((event) => parsed(event));
    for (let cut = 1; cut < bytes.length; cut++) {
      const out = await passthrough([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(out).not.toContain("usage");
      expect(parsed(out)).toEqual(expected);
    }
  });

  test("random cuts into many chunks keep every other event once, in order", async () => {
    const bytes = encoder.encode(events.join(""));
    const expected = events.filter((_, index) => index !== 3).flatMap((event) => parsed(event));
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 200; trial++) {
      const chunks: Uint8Array[] = [];
      for (let start = 0; start < bytes.length; ) {
        const end = Math.min(bytes.length, start + 1 + Math.floor(random() * 60));
        chunks.push(bytes.subarray(start, end));
        start = end;
      }
      const out = await passthrough(chunks);
      expect(out).not.toContain("usage");
      expect(parsed(out)).toEqual(expected);
    }
  });
});
