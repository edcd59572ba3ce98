// A Bedrock ConverseStream → IR stream events. The framer (event-stream-framer.ts) turns the binary messages into
// named events whose data is the event's JSON: messageStart opens the message; contentBlockStart announces a
// toolUse block (id and name); contentBlockDelta carries text, a fragment of the tool input's JSON, or reasoning
// text and its signature; contentBlockStop closes a block; messageStop brings the stop reason; metadata, last,
// the usage. The finish waits for the usage, or for the end of the stream when no metadata comes. An exception
// message becomes an IR error with the status its kind has as an HTTP error.
import type { StreamDecoder } from "../format-codec.ts";
import type { IrFinishReason, IrStreamEvent } from "../ir.ts";
import { asNumber, asObject, asString, parseJsonObject } from "../json-values.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";
import { errorTypeName, statusOfErrorType } from "./error-body.ts";
import { createEventStreamFramer } from "./event-stream-framer.ts";
import { finishReasonToIr, usageToIr } from "./map-response-fields.ts";

export function createBedrockConverseStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  let stop: { reason: IrFinishReason; stopSequence?: string } | undefined;
  /** Bedrock's contentBlockIndex of each toolUse block → its IR tool index (0, 1, … in call order). */
  const toolIndexes = new Map<number, number>();
  const open = new Set<number>();

  const start = (): IrStreamEvent[] => {
    if (started) return [];
    started = true;
    return [{ type: "start", id: `bedrock-${crypto.randomUUID()}`, model: "" }];
  };
  const finish = (): IrStreamEvent[] => {
    done = true;
    const events: IrStreamEvent[] = [...start()];
    for (const index of open) events.push({ type: "tool-call-end", index });
    open.clear();
    const reason = stop?.reason ?? "stop";
    events.push({ type: "finish", reason: reason === "stop" && toolIndexes.size > 0 ? "tool_calls" : reason, ...(stop?.stopSequence ? { stopSequence: stop.stopSequence } : {}) });
    return events;
  };

  return {
    framer: createEventStreamFramer(),
    push(event: SseEvent): IrStreamEvent[] {
      if (done) return [];
      const name = event.event ?? "";
      const payload = parseJsonObject(event.data) ?? {};
      if (name.startsWith("exception:")) {
        done = true;
        const type = errorTypeName(name.slice("exception:".length));
        const message = asString(payload.message) ?? asString(payload.Message) ?? `Bedrock reported ${type}`;
        return [{ type: "error", error: { status: statusOfErrorType(type), message, type, code: null } }];
      }
      const blockIndex = asNumber(payload.contentBlockIndex) ?? 0;
      switch (name) {
        case "messageStart":
          return start();
        case "contentBlockStart": {
          const toolUse = asObject(asObject(payload.start).toolUse);
          if (asString(toolUse.toolUseId) === undefined && asString(toolUse.name) === undefined) return start();
          const index = toolIndexes.size;
          toolIndexes.set(blockIndex, index);
          open.add(index);
          return [...start(), { type: "tool-call-start", index, id: asString(toolUse.toolUseId) || `tooluse_${index}`, name: asString(toolUse.name) ?? "" }];
        }
        case "contentBlockDelta": {
          const events = start();
          const delta = asObject(payload.delta);
          const text = asString(delta.text);
          if (text) events.push({ type: "text-delta", text });
          const input = asString(asObject(delta.toolUse).input);
          const toolIndex = toolIndexes.get(blockIndex);
          if (input && toolIndex !== undefined) events.push({ type: "tool-call-delta", index: toolIndex, argumentsDelta: input });
          const reasoning = asObject(delta.reasoningContent);
          const reasoningText = asString(reasoning.text);
          if (reasoningText) events.push({ type: "reasoning-delta", text: reasoningText });
          const signature = asString(reasoning.signature);
          if (signature) events.push({ type: "reasoning-signature", signature: { family: "bedrock-converse", value: signature } });
          return events;
        }
        case "contentBlockStop": {
          const toolIndex = toolIndexes.get(blockIndex);
          return toolIndex !== undefined && open.delete(toolIndex) ? [{ type: "tool-call-end", index: toolIndex }] : [];
        }
        case "messageStop": {
          const stopSequence = asString(asObject(payload.additionalModelResponseFields).stop_sequence);
          stop = { reason: finishReasonToIr(payload.stopReason), ...(stopSequence ? { stopSequence } : {}) };
          return start();
        }
        case "metadata": {
          const usage = usageToIr(payload.usage);
          const events: IrStreamEvent[] = usage ? [...start(), { type: "usage", usage }] : start();
          return stop ? [...events, ...finish()] : events;
        }
        default:
          return [];
      }
    },
    end: () => (!done && stop ? finish() : []),
  };
}
