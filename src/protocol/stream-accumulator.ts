// Folds IR stream events into the IrResponse they add up to: for usage records, the response cache and the
// Responses API conversation store.
import type { IrFinishReason, IrPart, IrResponse, IrStreamEvent, IrToolCallPart, IrUsage } from "./ir.ts";

export type StreamAccumulator = {
  add(event: IrStreamEvent): void;
  /** True once a finish or error event was seen. */
  readonly ended: boolean;
  readonly usage: IrUsage | undefined;
  readonly error: boolean;
  result(): IrResponse;
};

export function createStreamAccumulator(): StreamAccumulator {
  /** Set by the start event; a generated one only if there was none. */
  let id: string | undefined;
  let model = "";
  let created = Math.floor(Date.now() / 1000);
  const parts: IrPart[] = [];
  const toolCalls = new Map<number, IrToolCallPart>();
  let finishReason: IrFinishReason = "other";
  let stopSequence: string | undefined;
  let usage: IrUsage | undefined;
  let ended = false;
  let error = false;

  const last = () => parts.at(-1);
  return {
    add(event) {
      switch (event.type) {
        case "start":
          if (event.id) id = event.id;
          model = event.model;
          if (event.created) created = event.created;
          break;
        case "text-delta": {
          const previous = last();
          if (previous?.type === "text") previous.text += event.text;
          else parts.push({ type: "text", text: event.text });
          break;
        }
        case "text-signature": {
          const previous = last();
          if (previous?.type === "text") previous.signature = event.signature;
          else parts.push({ type: "text", text: "", signature: event.signature });
          break;
        }
        case "reasoning-delta": {
          const previous = last();
          if (previous?.type === "reasoning" && !previous.signature && !previous.redacted) previous.text += event.text;
          else parts.push({ type: "reasoning", text: event.text });
          break;
        }
        case "reasoning-signature": {
          const previous = last();
          if (previous?.type === "reasoning" && !previous.signature) previous.signature = event.signature;
          else parts.push({ type: "reasoning", text: "", signature: event.signature });
          break;
        }
        case "reasoning-redacted":
          parts.push({ type: "reasoning", text: "", redacted: event.data });
          break;
        case "tool-call-start": {
          const call: IrToolCallPart = { type: "tool-call", id: event.id, name: event.name, arguments: "", ...(event.signature ? { signature: event.signature } : {}) };
          toolCalls.set(event.index, call);
          parts.push(call);
          break;
        }
        case "tool-call-delta": {
          const call = toolCalls.get(event.index);
          if (call) call.arguments += event.argumentsDelta;
          break;
        }
        case "usage":
          usage = event.usage;
          break;
        case "finish":
          finishReason = event.reason;
          stopSequence = event.stopSequence;
          ended = true;
          break;
        case "error":
          finishReason = "error";
          ended = true;
          error = true;
          break;
      }
    },
    get ended() {
      return ended;
    },
    get usage() {
      return usage;
    },
    get error() {
      return error;
    },
    result: () => ({ id: (id ??= `gen-${crypto.randomUUID()}`), model, created, parts, finishReason, ...(stopSequence ? { stopSequence } : {}), ...(usage ? { usage } : {}) }),
  };
}
