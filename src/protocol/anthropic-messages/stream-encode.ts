// IR stream events → Anthropic SSE for a client (`event:` lines, which the SDKs require). Opens and closes
// content blocks around the implicit IR blocks, numbering them from 0, and always closes every block before
// message_delta / message_stop: Claude Code hangs on a stream that leaves one open.
import type { StreamEncoder, StreamEncoderContext } from "../format-codec.ts";
import type { IrStreamEvent, IrUsage } from "../ir.ts";
import { sseEvent } from "../../streaming/sse-writer.ts";
import { anthropicMessageId } from "./encode-response.ts";
import { anthropicErrorBody } from "./error-body.ts";
import { stopReasonFromIr } from "./map-stop-reason.ts";
import { anthropicUsageFromIr } from "./map-usage.ts";
import { anthropicToolUseId } from "./tool-use-id.ts";

type OpenBlock = { index: number; kind: "text" | "thinking" | "tool"; toolIndex?: number; signed?: boolean };

export function createAnthropicStreamEncoder(context: StreamEncoderContext): StreamEncoder {
  let started = false;
  let ended = false;
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  let usage: IrUsage | undefined;
  const toolBlocks = new Map<number, number>();

  const messageStart = (id: string) => {
    started = true;
    const message = {
      id: anthropicMessageId(id),
      type: "message",
      role: "assistant",
      model: context.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return sseEvent({ type: "message_start", message }, "message_start");
  };
  const ensureStarted = () => (started ? "" : messageStart(""));

  const close = () => {
    if (!open) return "";
    const text = sseEvent({ type: "content_block_stop", index: open.index }, "content_block_stop");
    open = undefined;
    return text;
  };

  const openBlock = (block: Omit<OpenBlock, "index">, contentBlock: Record<string, unknown>) => {
    const text = ensureStarted() + close();
    open = { ...block, index: nextIndex++ };
    return text + sseEvent({ type: "content_block_start", index: open.index, content_block: contentBlock }, "content_block_start");
  };

  const delta = (index: number, body: Record<string, unknown>) => sseEvent({ type: "content_block_delta", index, delta: body }, "content_block_delta");

  const encode = (event: IrStreamEvent): string => {
    switch (event.type) {
      case "start":
        return started ? "" : messageStart(event.id);
      case "text-delta": {
        if (event.text === "") return "";
        const prefix = open?.kind === "text" ? "" : openBlock({ kind: "text" }, { type: "text", text: "" });
        return prefix + delta(open!.index, { type: "text_delta", text: event.text });
      }
      case "reasoning-delta": {
        if (event.text === "") return "";
        const reuse = open?.kind === "thinking" && !open.signed;
        const prefix = reuse ? "" : openBlock({ kind: "thinking" }, { type: "thinking", thinking: "", signature: "" });
        return prefix + delta(open!.index, { type: "thinking_delta", thinking: event.text });
      }
      case "reasoning-signature": {
        if (event.signature.family !== "anthropic") return "";
        const reuse = open?.kind === "thinking" && !open.signed;
        const prefix = reuse ? "" : openBlock({ kind: "thinking" }, { type: "thinking", thinking: "", signature: "" });
        open!.signed = true;
        return prefix + delta(open!.index, { type: "signature_delta", signature: event.signature.value });
      }
      case "reasoning-redacted":
        return openBlock({ kind: "thinking", signed: true }, { type: "redacted_thinking", data: event.data }) + close();
      case "tool-call-start": {
        const text = openBlock(
          { kind: "tool", toolIndex: event.index },
          { type: "tool_use", id: anthropicToolUseId(event.id), name: event.name, input: {} },
        );
        toolBlocks.set(event.index, open!.index);
        return text;
      }
      case "tool-call-delta": {
        const index = toolBlocks.get(event.index);
        if (index === undefined || event.argumentsDelta === "") return "";
        return delta(index, { type: "input_json_delta", partial_json: event.argumentsDelta });
      }
      case "tool-call-end":
        return open?.kind === "tool" && open.toolIndex === event.index ? close() : "";
      case "usage":
        usage = event.usage;
        return "";
      case "finish": {
        ended = true;
        const messageDelta = {
          type: "message_delta",
          delta: { stop_reason: stopReasonFromIr(event.reason, event.stopSequence), stop_sequence: event.stopSequence ?? null },
          usage: usage ? anthropicUsageFromIr(usage) : { output_tokens: 0 },
        };
        return ensureStarted() + close() + sseEvent(messageDelta, "message_delta") + sseEvent({ type: "message_stop" }, "message_stop");
      }
      case "error":
        ended = true;
        return close() + sseEvent(anthropicErrorBody(event.error), "error");
      default:
        return "";
    }
  };

  return {
    encode: (event) => (ended ? "" : encode(event)),
    end: () => "",
  };
}
