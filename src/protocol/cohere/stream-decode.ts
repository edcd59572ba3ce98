// A Cohere v2 chat SSE stream → IR stream events. Each event's JSON names its `type` (also its SSE event name):
// message-start opens the message; content-delta carries text or thinking; tool-plan-delta the prose before
// tool calls (text, as in the JSON decoder); tool-call-start / -delta / -end one call's id, name and argument
// fragments; message-end the finish reason and usage, or, with finish_reason ERROR, the in-stream failure.
import type { StreamDecoder } from "../format-codec.ts";
import type { IrStreamEvent } from "../ir.ts";
import { asNumber, asObject, asString, isObject, type JsonObject, parseJsonObject } from "../json-values.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";
import { finishReasonToIr, usageToIr } from "./map-response-fields.ts";

export function createCohereStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  /** Cohere's tool-call index → the IR index (0, 1, … in call order). */
  const toolIndexes = new Map<number, number>();
  const open = new Set<number>();
  let lastTool = -1;

  const start = (id: string | undefined): IrStreamEvent[] => {
    if (started) return [];
    started = true;
    return [{ type: "start", id: id || `cohere-${crypto.randomUUID()}`, model: "" }];
  };
  const toolIndexOf = (chunk: JsonObject): number => {
    const upstream = asNumber(chunk.index);
    return (upstream !== undefined ? toolIndexes.get(upstream) : undefined) ?? lastTool;
  };
  const fail = (message: string): IrStreamEvent[] => {
    done = true;
    return [{ type: "error", error: { status: 502, message, type: "upstream_error", code: null } }];
  };

  return {
    push(event: SseEvent): IrStreamEvent[] {
      if (done || event.data === "[DONE]") return [];
      const chunk = parseJsonObject(event.data);
      if (!chunk) return [];
      const type = asString(chunk.type) ?? event.event;
      const message = asObject(asObject(chunk.delta).message);
      switch (type) {
        case "message-start":
          return start(asString(chunk.id));
        case "content-start":
        case "content-delta": {
          const events = start(undefined);
          const content = asObject(message.content);
          const thinking = asString(content.thinking);
          if (thinking) events.push({ type: "reasoning-delta", text: thinking });
          const text = asString(content.text);
          if (text) events.push({ type: "text-delta", text });
          return events;
        }
        case "tool-plan-delta": {
          const events = start(undefined);
          const plan = asString(message.tool_plan);
          if (plan) events.push({ type: "text-delta", text: plan });
          return events;
        }
        case "tool-call-start": {
          const events = start(undefined);
          const call = asObject(message.tool_calls);
          const fn = asObject(call.function);
          const index = toolIndexes.size;
          toolIndexes.set(asNumber(chunk.index) ?? index, index);
          lastTool = index;
          open.add(index);
          events.push({ type: "tool-call-start", index, id: asString(call.id) || `call_${index}`, name: asString(fn.name) ?? "" });
          const args = asString(fn.arguments);
          if (args) events.push({ type: "tool-call-delta", index, argumentsDelta: args });
          return events;
        }
        case "tool-call-delta": {
          const index = toolIndexOf(chunk);
          const args = asString(asObject(asObject(message.tool_calls).function).arguments);
          return index >= 0 && args ? [{ type: "tool-call-delta", index, argumentsDelta: args }] : [];
        }
        case "tool-call-end": {
          const index = toolIndexOf(chunk);
          if (!open.delete(index)) return [];
          return [{ type: "tool-call-end", index }];
        }
        case "message-end": {
          const delta = asObject(chunk.delta);
          const reason = finishReasonToIr(delta.finish_reason);
          const error = asString(delta.error);
          if (reason === "error" || error) return fail(error || `The Cohere stream ended with ${String(delta.finish_reason)}`);
          done = true;
          const events = start(asString(chunk.id));
          for (const index of open) events.push({ type: "tool-call-end", index });
          open.clear();
          const usage = usageToIr(delta.usage);
          if (usage) events.push({ type: "usage", usage });
          events.push({ type: "finish", reason: toolIndexes.size > 0 && reason === "stop" ? "tool_calls" : reason });
          return events;
        }
        default:
          // An error object in place of an event (no `type`): Cohere's `{"message": "..."}`.
          if (type === undefined && asString(chunk.message)) return fail(asString(chunk.message)!);
          return [];
      }
    },
    end: () => [],
  };
}
