// Chat Completions SSE chunks from an upstream → IR stream events. Tool calls are identified by their index;
// the finish is held until the trailing usage chunk (or [DONE]) so usage always precedes it.
import type { StreamDecoder } from "../format-codec.ts";
import type { IrFinishReason, IrStreamEvent } from "../ir.ts";
import { asArray, asObject, asString, isObject } from "../json-values.ts";
import { chatUsageToIr } from "./decode-response.ts";
import { finishReasonToIr } from "./map-finish-reason.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";

/** A class, not closures: one is made per streamed request. */
class ChatStreamDecoder implements StreamDecoder {
  private started = false;
  private finish: IrFinishReason | undefined;
  private finished = false;
  private readonly openToolCalls = new Set<number>();
  private readonly startedToolCalls = new Set<number>();

  push(event: SseEvent): IrStreamEvent[] {
    const out: IrStreamEvent[] = [];
    if (event.data === "[DONE]") {
      if (this.finish === undefined && this.started) this.finish = "stop";
      this.emitFinish(out);
      return out;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      return out;
    }
    if (!isObject(chunk)) return out;
    // watsonx reports errors as an `errors` list.
    const error = isObject(chunk.error) ? chunk.error : Array.isArray(chunk.errors) && isObject(chunk.errors[0]) ? chunk.errors[0] : undefined;
    if (error) {
      out.push({ type: "error", error: { status: 502, message: asString(error.message) ?? "Upstream stream failed", type: asString(error.type), code: asString(error.code) ?? null } });
      this.finished = true;
      return out;
    }
    if (!this.started) {
      this.started = true;
      out.push({ type: "start", id: asString(chunk.id) ?? `chatcmpl-${crypto.randomUUID()}`, model: asString(chunk.model) ?? "", created: typeof chunk.created === "number" ? chunk.created : undefined });
    }
    const choice = asObject(asArray(chunk.choices)[0]);
    const delta = asObject(choice.delta);
    const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
    if (reasoning) out.push({ type: "reasoning-delta", text: reasoning });
    const content = asString(delta.content);
    if (content) out.push({ type: "text-delta", text: content });
    if (Array.isArray(delta.tool_calls)) {
      for (const raw of delta.tool_calls) {
        const call = asObject(raw);
        const index = typeof call.index === "number" ? call.index : 0;
        const fn = asObject(call.function);
        if (!this.startedToolCalls.has(index)) {
          this.startedToolCalls.add(index);
          this.openToolCalls.add(index);
          out.push({ type: "tool-call-start", index, id: asString(call.id) ?? `call_${index}`, name: asString(fn.name) ?? "" });
        }
        const argumentsDelta = asString(fn.arguments);
        if (argumentsDelta) out.push({ type: "tool-call-delta", index, argumentsDelta });
      }
    }
    if (choice.finish_reason != null) {
      this.finish = finishReasonToIr(choice.finish_reason);
      this.closeToolCalls(out);
    }
    // Most chunks carry no usage (or `"usage": null`), which maps to none without reading it.
    const usage = isObject(chunk.usage) ? chatUsageToIr(chunk.usage) : undefined;
    if (usage) {
      out.push({ type: "usage", usage });
      this.emitFinish(out);
    }
    return out;
  }

  end(): IrStreamEvent[] {
    const out: IrStreamEvent[] = [];
    this.emitFinish(out);
    return out;
  }

  private closeToolCalls(out: IrStreamEvent[]): void {
    for (const index of this.openToolCalls) out.push({ type: "tool-call-end", index });
    this.openToolCalls.clear();
  }

  private emitFinish(out: IrStreamEvent[]): void {
    if (this.finished || this.finish === undefined) return;
    this.closeToolCalls(out);
    out.push({ type: "finish", reason: this.startedToolCalls.size > 0 && this.finish === "stop" ? "tool_calls" : this.finish });
    this.finished = true;
  }
}

export function createChatStreamDecoder(): StreamDecoder {
  return new ChatStreamDecoder();
}
