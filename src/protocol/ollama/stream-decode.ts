// An Ollama NDJSON stream → IR stream events. Every line is a whole chat response holding only the new piece:
// `message.thinking` and `message.content` become deltas, each tool call arrives whole (start + one delta +
// end), and the last line (`done: true`) carries done_reason and the counts, which become usage then finish.
// A line `{"error": "..."}` is Ollama's mid-stream failure. The framer turns the bytes into those lines.
import type { StreamDecoder } from "../format-codec.ts";
import type { IrStreamEvent } from "../ir.ts";
import { asArray, asObject, asString, isObject, type JsonObject } from "../json-values.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";
import { toolCallPart } from "./decode-response.ts";
import { createdOf, finishReasonToIr, usageToIr } from "./map-response-fields.ts";
import { createNdjsonFramer } from "./ndjson-framer.ts";

function parseLine(data: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function createOllamaStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  let toolIndex = 0;

  return {
    framer: createNdjsonFramer(),
    push(event: SseEvent): IrStreamEvent[] {
      if (done) return [];
      const line = parseLine(event.data);
      if (!line) return [];
      const events: IrStreamEvent[] = [];
      if (line.error !== undefined) {
        done = true;
        const message = asString(line.error) ?? asString(asObject(line.error).message) ?? "The Ollama stream failed";
        return [{ type: "error", error: { status: 502, message, type: "upstream_error", code: null } }];
      }
      if (!started) {
        started = true;
        events.push({ type: "start", id: `ollama-${crypto.randomUUID()}`, model: asString(line.model) ?? "", created: createdOf(line) });
      }
      const message = asObject(line.message);
      const thinking = asString(message.thinking);
      if (thinking) events.push({ type: "reasoning-delta", text: thinking });
      const content = asString(message.content);
      if (content) events.push({ type: "text-delta", text: content });
      for (const raw of asArray(message.tool_calls)) {
        const call = toolCallPart(raw);
        const index = toolIndex++;
        events.push({ type: "tool-call-start", index, id: call.id, name: call.name }, { type: "tool-call-delta", index, argumentsDelta: call.arguments }, { type: "tool-call-end", index });
      }
      if (line.done === true) {
        done = true;
        const usage = usageToIr(line);
        if (usage) events.push({ type: "usage", usage });
        events.push({ type: "finish", reason: finishReasonToIr(line.done_reason, toolIndex > 0) });
      }
      return events;
    },
    end: () => [],
  };
}
