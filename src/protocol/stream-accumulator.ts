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

/** A class, not closures: one is made per streamed request. */
class IrStreamAccumulator implements StreamAccumulator {
  /** Set by the start event; a generated one only if there was none. */
  private id: string | undefined;
  private model = "";
  private created = Math.floor(Date.now() / 1000);
  private readonly parts: IrPart[] = [];
  private readonly toolCalls = new Map<number, IrToolCallPart>();
  private finishReason: IrFinishReason = "other";
  private stopSequence: string | undefined;
  usage: IrUsage | undefined;
  ended = false;
  error = false;

  add(event: IrStreamEvent): void {
    switch (event.type) {
      case "start":
        if (event.id) this.id = event.id;
        this.model = event.model;
        if (event.created) this.created = event.created;
        break;
      case "text-delta": {
        const previous = this.parts.at(-1);
        if (previous?.type === "text") previous.text += event.text;
        else this.parts.push({ type: "text", text: event.text });
        break;
      }
      case "text-signature": {
        const previous = this.parts.at(-1);
        if (previous?.type === "text") previous.signature = event.signature;
        else this.parts.push({ type: "text", text: "", signature: event.signature });
        break;
      }
      case "reasoning-delta": {
        const previous = this.parts.at(-1);
        if (previous?.type === "reasoning" && !previous.signature && !previous.redacted) previous.text += event.text;
        else this.parts.push({ type: "reasoning", text: event.text });
        break;
      }
      case "reasoning-signature": {
        const previous = this.parts.at(-1);
        if (previous?.type === "reasoning" && !previous.signature) previous.signature = event.signature;
        else this.parts.push({ type: "reasoning", text: "", signature: event.signature });
        break;
      }
      case "reasoning-redacted":
        this.parts.push({ type: "reasoning", text: "", redacted: event.data });
        break;
      case "tool-call-start": {
        const call: IrToolCallPart = { type: "tool-call", id: event.id, name: event.name, arguments: "", ...(event.signature ? { signature: event.signature } : {}) };
        this.toolCalls.set(event.index, call);
        this.parts.push(call);
        break;
      }
      case "tool-call-delta": {
        const call = this.toolCalls.get(event.index);
        if (call) call.arguments += event.argumentsDelta;
        break;
      }
      case "usage":
        this.usage = event.usage;
        break;
      case "finish":
        this.finishReason = event.reason;
        this.stopSequence = event.stopSequence;
        this.ended = true;
        break;
      case "error":
        this.finishReason = "error";
        this.ended = true;
        this.error = true;
        break;
    }
  }

  result(): IrResponse {
    const { model, created, parts, finishReason, stopSequence, usage } = this;
    return { id: (this.id ??= `gen-${crypto.randomUUID()}`), model, created, parts, finishReason, ...(stopSequence ? { stopSequence } : {}), ...(usage ? { usage } : {}) };
  }
}

export function createStreamAccumulator(): StreamAccumulator {
  return new IrStreamAccumulator();
}
