// Anthropic SSE events from an upstream → IR stream events. Tracks open content blocks by index so deltas
// land on the right block, numbers tool calls with their own counter, and emits usage and the one finish
// when the message ends.
import type { StreamDecoder } from "../format-codec.ts";
import type { IrFinishReason, IrStreamEvent } from "../ir.ts";
import { asNumber, asObject, asString, isObject, type JsonObject, parseJsonObject } from "../json-values.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";
import { statusForErrorType } from "./error-body.ts";
import { finishReasonFromAnthropic } from "./map-stop-reason.ts";
import { irUsageFromCounters, mergeUsageCounters, readUsageCounters, type AnthropicUsageCounters } from "./map-usage.ts";

/** `initialInput`: some compatible upstreams put the whole input in content_block_start and send no deltas. */
type OpenBlock = { kind: "text" | "thinking" | "other" } | { kind: "tool"; toolIndex: number; initialInput?: string; sawDelta?: boolean };

/**
 * Finish timing: `message_delta` carries the stop reason and cumulative usage, but some compatible upstreams
 * send more than one, so both are remembered and emitted once at `message_stop` (or at end() when the stream
 * broke off after a message_delta). Blocks still open then get their tool-call-end first.
 */
export function createAnthropicStreamDecoder(): StreamDecoder {
  const blocks = new Map<number, OpenBlock>();
  let toolCount = 0;
  let usage: AnthropicUsageCounters = {};
  let finish: { reason: IrFinishReason; stopSequence?: string } | undefined;
  let done = false;

  const closeBlock = (block: OpenBlock | undefined, out: IrStreamEvent[]) => {
    if (block?.kind !== "tool") return;
    if (!block.sawDelta && block.initialInput !== undefined) {
      out.push({ type: "tool-call-delta", index: block.toolIndex, argumentsDelta: block.initialInput });
    }
    out.push({ type: "tool-call-end", index: block.toolIndex });
  };

  const closeAll = (out: IrStreamEvent[]) => {
    for (const block of blocks.values()) closeBlock(block, out);
    blocks.clear();
  };

  const flushFinish = (out: IrStreamEvent[]) => {
    if (!finish || done) return;
    closeAll(out);
    out.push({ type: "usage", usage: irUsageFromCounters(usage) });
    out.push({ type: "finish", reason: finish.reason, ...(finish.stopSequence !== undefined ? { stopSequence: finish.stopSequence } : {}) });
    done = true;
  };

  const startBlock = (index: number, block: JsonObject, out: IrStreamEvent[]) => {
    switch (block.type) {
      case "text": {
        blocks.set(index, { kind: "text" });
        const text = asString(block.text);
        if (text) out.push({ type: "text-delta", text });
        return;
      }
      case "thinking": {
        blocks.set(index, { kind: "thinking" });
        const text = asString(block.thinking);
        if (text) out.push({ type: "reasoning-delta", text });
        const signature = asString(block.signature);
        if (signature) out.push({ type: "reasoning-signature", signature: { family: "anthropic", value: signature } });
        return;
      }
      case "redacted_thinking":
        blocks.set(index, { kind: "other" });
        out.push({ type: "reasoning-redacted", data: asString(block.data) ?? "" });
        return;
      case "tool_use": {
        const toolIndex = toolCount++;
        const input = block.input;
        const initialInput = isObject(input) && Object.keys(input).length > 0 ? JSON.stringify(input) : undefined;
        blocks.set(index, { kind: "tool", toolIndex, ...(initialInput !== undefined ? { initialInput } : {}) });
        out.push({ type: "tool-call-start", index: toolIndex, id: asString(block.id) ?? "", name: asString(block.name) ?? "" });
        return;
      }
      default:
        blocks.set(index, { kind: "other" });
    }
  };

  const applyDelta = (block: OpenBlock | undefined, delta: JsonObject, out: IrStreamEvent[]) => {
    if (!block) return;
    if (delta.type === "text_delta" && block.kind === "text") {
      const text = asString(delta.text);
      if (text) out.push({ type: "text-delta", text });
    } else if (delta.type === "thinking_delta" && block.kind === "thinking") {
      const text = asString(delta.thinking);
      if (text) out.push({ type: "reasoning-delta", text });
    } else if (delta.type === "signature_delta" && block.kind === "thinking") {
      const signature = asString(delta.signature);
      if (signature) out.push({ type: "reasoning-signature", signature: { family: "anthropic", value: signature } });
    } else if (delta.type === "input_json_delta" && block.kind === "tool") {
      const fragment = asString(delta.partial_json);
      if (!fragment) return;
      block.sawDelta = true;
      out.push({ type: "tool-call-delta", index: block.toolIndex, argumentsDelta: fragment });
    }
  };

  return {
    push(event: SseEvent): IrStreamEvent[] {
      if (done) return [];
      const data = parseJsonObject(event.data);
      if (!data) return [];
      const type = asString(data.type) ?? event.event;
      const out: IrStreamEvent[] = [];
      const index = asNumber(data.index) ?? -1;
      switch (type) {
        case "message_start": {
          const message = asObject(data.message);
          usage = readUsageCounters(message.usage);
          out.push({ type: "start", id: asString(message.id) ?? "", model: asString(message.model) ?? "" });
          break;
        }
        case "content_block_start":
          startBlock(index, asObject(data.content_block), out);
          break;
        case "content_block_delta":
          applyDelta(blocks.get(index), asObject(data.delta), out);
          break;
        case "content_block_stop":
          closeBlock(blocks.get(index), out);
          blocks.delete(index);
          break;
        case "message_delta": {
          const delta = asObject(data.delta);
          usage = mergeUsageCounters(usage, readUsageCounters(data.usage));
          if (delta.stop_reason !== undefined && delta.stop_reason !== null) {
            const stopSequence = asString(delta.stop_sequence);
            finish = { reason: finishReasonFromAnthropic(delta.stop_reason), ...(stopSequence !== undefined ? { stopSequence } : {}) };
          }
          break;
        }
        case "message_stop":
          finish ??= { reason: "stop" };
          flushFinish(out);
          break;
        case "error": {
          const error = asObject(data.error);
          const errorType = asString(error.type);
          out.push({
            type: "error",
            error: { status: statusForErrorType(errorType), message: asString(error.message) ?? "Upstream stream error", type: errorType, code: null },
          });
          done = true;
          break;
        }
      }
      return out;
    },
    end(): IrStreamEvent[] {
      const out: IrStreamEvent[] = [];
      flushFinish(out);
      return out;
    },
  };
}
