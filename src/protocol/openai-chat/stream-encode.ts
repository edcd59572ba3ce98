// IR stream events → Chat Completions SSE for a client: role chunk, deltas, finish chunk, the usage chunk when
// the client asked for it, then [DONE]. An error becomes a data line with an `error` object.
import type { StreamEncoder, StreamEncoderContext } from "../format-codec.ts";
import type { IrStreamEvent, IrUsage } from "../ir.ts";
import { sseEvent } from "../../streaming/sse-writer.ts";
import { chatCompletionId, chatUsageFromIr } from "./encode-response.ts";
import { finishReasonFromIr } from "./map-finish-reason.ts";
import { chatErrorBody } from "./error-body.ts";

export function createChatStreamEncoder(context: StreamEncoderContext): StreamEncoder {
  let id = `chatcmpl-${crypto.randomUUID()}`;
  let created = Math.floor(Date.now() / 1000);
  let usage: IrUsage | undefined;
  const toolIndexes = new Map<number, number>();

  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    sseEvent({
      id,
      object: "chat.completion.chunk",
      created,
      model: context.requestedModel,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      ...(context.includeUsage ? { usage: null } : {}),
    });

  return {
    encode(event: IrStreamEvent): string {
      switch (event.type) {
        case "start":
          id = chatCompletionId(event.id);
          if (event.created) created = event.created;
          return chunk({ role: "assistant", content: "" });
        case "text-delta":
          return chunk({ content: event.text });
        case "reasoning-delta":
          return chunk({ reasoning_content: event.text });
        case "tool-call-start": {
          const index = toolIndexes.size;
          toolIndexes.set(event.index, index);
          return chunk({ tool_calls: [{ index, id: event.id, type: "function", function: { name: event.name, arguments: "" } }] });
        }
        case "tool-call-delta":
          return chunk({ tool_calls: [{ index: toolIndexes.get(event.index) ?? 0, function: { arguments: event.argumentsDelta } }] });
        case "usage":
          usage = event.usage;
          return "";
        case "finish": {
          let text = chunk({}, finishReasonFromIr(event.reason));
          if (context.includeUsage && usage) {
            text += sseEvent({ id, object: "chat.completion.chunk", created, model: context.requestedModel, choices: [], usage: chatUsageFromIr(usage) });
          }
          return text + "data: [DONE]\n\n";
        }
        case "error":
          return sseEvent(chatErrorBody(event.error));
        default:
          return "";
      }
    },
    end: () => "",
  };
}
