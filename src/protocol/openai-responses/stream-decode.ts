// An upstream Responses SSE stream → IR stream events. Typed events map one to one where they can
// (output_text.delta → text-delta, function_call items → tool-call-start/delta/end, reasoning summary and raw
// reasoning deltas → reasoning-delta, encrypted_content → reasoning-signature); content an upstream only sends
// whole (in output_item.done or in the final response) is emitted from there, so nothing is lost. Exactly one
// finish or error comes out; events after it, and unknown event types, are ignored.
import type { StreamDecoder } from "../format-codec.ts";
import type { IrStreamEvent } from "../ir.ts";
import { asArray, asNumber, asObject, asString, isObject, type JsonObject } from "../json-values.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";
import { decodeOutputItems } from "./decode-response.ts";
import { statusForErrorCode } from "./error-body.ts";
import { newItemId } from "./identifiers.ts";
import { finishReasonFromWire } from "./map-finish-reason.ts";
import { usageFromWire } from "./usage.ts";

type ToolCallState = { index: number; argumentsSent: boolean; ended: boolean };

export function createResponsesStreamDecoder(): StreamDecoder {
  let started = false;
  let finished = false;
  let emittedContent = false;
  let sawToolCall = false;
  let sawRefusal = false;
  let nextToolIndex = 0;
  const toolsByOutputIndex = new Map<number, ToolCallState>();
  const toolsByItemId = new Map<string, ToolCallState>();
  /** Output indexes whose text or reasoning arrived as deltas (their done events must not repeat it). */
  const streamedItems = new Set<number>();

  const start = (response: unknown, out: IrStreamEvent[]) => {
    if (started) return;
    started = true;
    const object = asObject(response);
    const event: IrStreamEvent = { type: "start", id: asString(object.id) ?? newItemId("resp"), model: asString(object.model) ?? "" };
    const created = asNumber(object.created_at);
    if (created !== undefined) event.created = created;
    out.push(event);
  };

  const content = (event: IrStreamEvent, out: IrStreamEvent[]) => {
    start(undefined, out);
    emittedContent = true;
    out.push(event);
  };

  const findTool = (data: JsonObject) => {
    const outputIndex = asNumber(data.output_index);
    const byIndex = outputIndex === undefined ? undefined : toolsByOutputIndex.get(outputIndex);
    return byIndex ?? toolsByItemId.get(asString(data.item_id) ?? asString(asObject(data.item).id) ?? "");
  };

  const startTool = (data: JsonObject, item: JsonObject, out: IrStreamEvent[]): ToolCallState => {
    const state: ToolCallState = { index: nextToolIndex++, argumentsSent: false, ended: false };
    const outputIndex = asNumber(data.output_index);
    if (outputIndex !== undefined) toolsByOutputIndex.set(outputIndex, state);
    const itemId = asString(item.id);
    if (itemId) toolsByItemId.set(itemId, state);
    sawToolCall = true;
    content({ type: "tool-call-start", index: state.index, id: asString(item.call_id) ?? itemId ?? "", name: asString(item.name) ?? "" }, out);
    return state;
  };

  const sendArguments = (state: ToolCallState, text: string, out: IrStreamEvent[]) => {
    if (!text) return;
    state.argumentsSent = true;
    out.push({ type: "tool-call-delta", index: state.index, argumentsDelta: text });
  };

  const endTool = (state: ToolCallState, out: IrStreamEvent[]) => {
    if (state.ended) return;
    state.ended = true;
    out.push({ type: "tool-call-end", index: state.index });
  };

  const markStreamed = (data: JsonObject) => {
    const outputIndex = asNumber(data.output_index);
    if (outputIndex !== undefined) streamedItems.add(outputIndex);
  };

  /** output_item.done: fills in whatever the item carries that no delta delivered. */
  const itemDone = (data: JsonObject, out: IrStreamEvent[]) => {
    const item = asObject(data.item);
    const outputIndex = asNumber(data.output_index);
    const streamed = outputIndex !== undefined && streamedItems.has(outputIndex);
    if (item.type === "function_call") {
      const state = findTool(data) ?? startTool(data, item, out);
      if (!state.argumentsSent) sendArguments(state, asString(item.arguments) ?? "", out);
      endTool(state, out);
    } else if (item.type === "reasoning") {
      const [reasoning] = decodeOutputItems([item]).parts;
      if (reasoning?.type !== "reasoning") return;
      if (!streamed && reasoning.text) content({ type: "reasoning-delta", text: reasoning.text }, out);
      if (reasoning.signature) content({ type: "reasoning-signature", signature: reasoning.signature }, out);
    } else if (item.type === "message" && !streamed) {
      const decoded = decodeOutputItems([item]);
      if (decoded.hasRefusal) sawRefusal = true;
      for (const part of decoded.parts) if (part.type === "text" && part.text) content({ type: "text-delta", text: part.text }, out);
    }
  };

  /** An upstream that sent no item events at all: emit the final response's output whole. */
  const emitWholeOutput = (output: unknown, out: IrStreamEvent[]) => {
    asArray(output).forEach((item, outputIndex) => {
      if (isObject(item)) itemDone({ item, output_index: outputIndex }, out);
    });
  };

  const finish = (response: JsonObject, out: IrStreamEvent[]) => {
    start(response, out);
    if (!emittedContent) emitWholeOutput(response.output, out);
    for (const state of toolsByOutputIndex.values()) endTool(state, out);
    for (const state of toolsByItemId.values()) endTool(state, out);
    const usage = usageFromWire(response.usage);
    if (usage) out.push({ type: "usage", usage });
    const reason = finishReasonFromWire({
      status: response.status,
      incompleteReason: asObject(response.incomplete_details).reason,
      hasFunctionCalls: sawToolCall,
      hasRefusal: sawRefusal,
    });
    out.push({ type: "finish", reason });
    finished = true;
  };

  const fail = (error: JsonObject, out: IrStreamEvent[]) => {
    const code = asString(error.code);
    const type = asString(error.type);
    out.push({
      type: "error",
      error: {
        status: statusForErrorCode(code),
        message: asString(error.message) ?? "The upstream response failed",
        code: code ?? null,
        ...(type ? { type } : {}),
      },
    });
    finished = true;
  };

  return {
    push(event: SseEvent): IrStreamEvent[] {
      if (finished) return [];
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return [];
      }
      if (!isObject(data)) return [];
      const out: IrStreamEvent[] = [];
      switch (asString(data.type) ?? event.event) {
        case "response.created":
        case "response.queued":
        case "response.in_progress":
          start(data.response, out);
          break;
        case "response.output_item.added": {
          const item = asObject(data.item);
          if (item.type === "function_call" && !findTool(data)) startTool(data, item, out);
          break;
        }
        case "response.output_text.delta":
          markStreamed(data);
          if (asString(data.delta)) content({ type: "text-delta", text: asString(data.delta) ?? "" }, out);
          break;
        case "response.refusal.delta":
          markStreamed(data);
          sawRefusal = true;
          if (asString(data.delta)) content({ type: "text-delta", text: asString(data.delta) ?? "" }, out);
          break;
        case "response.reasoning_summary_part.added":
          // Summary parts are paragraphs; keep them apart as the non-streamed decoder does.
          if ((asNumber(data.summary_index) ?? 0) > 0) content({ type: "reasoning-delta", text: "\n\n" }, out);
          break;
        case "response.reasoning_summary_text.delta":
        case "response.reasoning_text.delta":
          markStreamed(data);
          if (asString(data.delta)) content({ type: "reasoning-delta", text: asString(data.delta) ?? "" }, out);
          break;
        case "response.function_call_arguments.delta": {
          const state = findTool(data);
          if (state) sendArguments(state, asString(data.delta) ?? "", out);
          break;
        }
        case "response.function_call_arguments.done": {
          const state = findTool(data);
          if (state && !state.argumentsSent) sendArguments(state, asString(data.arguments) ?? "", out);
          break;
        }
        case "response.output_item.done":
          itemDone(data, out);
          break;
        case "response.completed":
        case "response.incomplete":
          finish(asObject(data.response), out);
          break;
        case "response.failed":
          fail(asObject(asObject(data.response).error), out);
          break;
        case "error":
          // Flat `{type:"error", code, message}` (its `type` names the event, not the error) or nested `{error:{...}}`.
          fail(isObject(data.error) ? data.error : { code: data.code, message: data.message }, out);
          break;
      }
      return out;
    },
    end: () => [],
  };
}
