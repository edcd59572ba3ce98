// Test helpers: replay a recorded Anthropic SSE fixture through the codec's stream decoder, and split stream
// encoder output back into events.
import { createSseParser } from "../../../src/streaming/sse-parser.ts";
import type { IrStreamEvent } from "../../../src/protocol/ir.ts";
import { anthropicMessagesCodec } from "../../../src/protocol/anthropic-messages/index.ts";

export async function decodeFixture(name: string, chunkSize = 37): Promise<IrStreamEvent[]> {
  const text = await Bun.file(new URL(`./fixtures/${name}`, import.meta.url)).text();
  const parser = createSseParser();
  const decoder = anthropicMessagesCodec.createStreamDecoder();
  const events: IrStreamEvent[] = [];
  // Feed in small slices so events split across chunks are exercised too.
  for (let offset = 0; offset < text.length; offset += chunkSize) {
    for (const event of parser.push(text.slice(offset, offset + chunkSize))) events.push(...decoder.push(event));
  }
  for (const event of parser.end()) events.push(...decoder.push(event));
  events.push(...decoder.end());
  return events;
}

export type WireEvent = { event: string | undefined; data: Record<string, any> };

export function parseEncoded(text: string): WireEvent[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()].map((event) => ({ event: event.event, data: JSON.parse(event.data) }));
}

export function encodeAll(events: IrStreamEvent[], requestedModel = "claude-test"): string {
  const encoder = anthropicMessagesCodec.createStreamEncoder({ requestedModel, includeUsage: false });
  return events.map((event) => encoder.encode(event)).join("") + encoder.end();
}
