// IR stream events → the Responses SSE a client expects, in the documented order: response.created,
// response.in_progress, then per output item added → (content or summary part added → deltas → done → part
// done | argument deltas → arguments done) → item done, and finally response.completed / response.incomplete
// carrying the full response (every output item plus usage). An error becomes an `error` event (which the openai
// SDK throws) followed by response.failed (which Codex CLI reads). Every event carries `type` and an increasing
// `sequence_number`; ids (resp_, msg_, rs_, fc_) are synthesized when the upstream gave none.
import type { StreamEncoder, StreamEncoderContext } from "../format-codec.ts";
import type { IrError, IrFinishReason, IrStreamEvent, IrUsage } from "../ir.ts";
import { sseEvent } from "../../streaming/sse-writer.ts";
import { streamErrorCode } from "./error-body.ts";
import { newItemId, responseIdFrom } from "./identifiers.ts";
import { terminalStateFromIr } from "./map-finish-reason.ts";
import { buildResponseObject, type ResponseObjectFields } from "./response-object.ts";
import type {
  ResponsesFunctionCallItem,
  ResponsesItemStatus,
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesReasoningItem,
} from "./schema-types.ts";

type OpenMessage = { kind: "message"; outputIndex: number; item: ResponsesOutputMessage; text: string };
type OpenReasoning = { kind: "reasoning"; outputIndex: number; item: ResponsesReasoningItem; text: string; summaryStarted: boolean };
type OpenToolCall = { outputIndex: number; item: ResponsesFunctionCallItem; open: boolean };

export function createResponsesStreamEncoder(context: StreamEncoderContext): StreamEncoder {
  let sequenceNumber = 0;
  let responseId = newItemId("resp");
  let createdAt = Math.floor(Date.now() / 1000);
  let started = false;
  let ended = false;
  let usage: IrUsage | undefined;
  const output: ResponsesOutputItem[] = [];
  /** The message or reasoning item being written; at most one at a time. */
  let current: OpenMessage | OpenReasoning | undefined;
  const toolCalls = new Map<number, OpenToolCall>();

  const emit = (type: string, fields: Record<string, unknown>) => sseEvent({ type, ...fields, sequence_number: sequenceNumber++ }, type);

  const snapshot = (fields: Omit<ResponseObjectFields, "id" | "createdAt" | "model">) =>
    buildResponseObject({ id: responseId, createdAt, model: context.requestedModel, ...fields });

  const start = (): string => {
    if (started) return "";
    started = true;
    return (
      emit("response.created", { response: snapshot({ status: "in_progress", output: [] }) }) +
      emit("response.in_progress", { response: snapshot({ status: "in_progress", output: [] }) })
    );
  };

  const addItem = (item: ResponsesOutputItem): { outputIndex: number; text: string } => {
    const outputIndex = output.length;
    output.push(item);
    return { outputIndex, text: emit("response.output_item.added", { output_index: outputIndex, item }) };
  };

  const closeCurrent = (status: ResponsesItemStatus = "completed"): string => {
    const open = current;
    if (!open) return "";
    current = undefined;
    const { outputIndex, item } = open;
    let text = "";
    if (open.kind === "message") {
      const part = { type: "output_text" as const, text: open.text, annotations: [], logprobs: [] };
      text += emit("response.output_text.done", { item_id: item.id, output_index: outputIndex, content_index: 0, text: open.text, logprobs: [] });
      text += emit("response.content_part.done", { item_id: item.id, output_index: outputIndex, content_index: 0, part });
      open.item.content = [part];
      open.item.status = status;
    } else if (open.summaryStarted) {
      const part = { type: "summary_text" as const, text: open.text };
      text += emit("response.reasoning_summary_text.done", { item_id: item.id, output_index: outputIndex, summary_index: 0, text: open.text });
      text += emit("response.reasoning_summary_part.done", { item_id: item.id, output_index: outputIndex, summary_index: 0, part });
      open.item.summary = [part];
    }
    return text + emit("response.output_item.done", { output_index: outputIndex, item });
  };

  const closeToolCall = (call: OpenToolCall, status: ResponsesItemStatus = "completed"): string => {
    if (!call.open) return "";
    call.open = false;
    const { item, outputIndex } = call;
    item.status = status;
    return (
      emit("response.function_call_arguments.done", { item_id: item.id, output_index: outputIndex, arguments: item.arguments, name: item.name }) +
      emit("response.output_item.done", { output_index: outputIndex, item })
    );
  };

  const closeAll = (status: ResponsesItemStatus): string => {
    let text = closeCurrent(status);
    for (const call of toolCalls.values()) text += closeToolCall(call, status);
    return text;
  };

  const openMessage = (): { open: OpenMessage; text: string } => {
    let text = closeCurrent();
    const item: ResponsesOutputMessage = { id: newItemId("msg"), type: "message", role: "assistant", status: "in_progress", content: [] };
    const added = addItem(item);
    text += added.text;
    text += emit("response.content_part.added", {
      item_id: item.id,
      output_index: added.outputIndex,
      content_index: 0,
      part: { type: "output_text", text: "", annotations: [], logprobs: [] },
    });
    const open: OpenMessage = { kind: "message", outputIndex: added.outputIndex, item, text: "" };
    current = open;
    return { open, text };
  };

  const openReasoning = (): { open: OpenReasoning; text: string } => {
    let text = closeCurrent();
    const item: ResponsesReasoningItem = { id: newItemId("rs"), type: "reasoning", summary: [] };
    const added = addItem(item);
    text += added.text;
    const open: OpenReasoning = { kind: "reasoning", outputIndex: added.outputIndex, item, text: "", summaryStarted: false };
    current = open;
    return { open, text };
  };

  const textDelta = (delta: string): string => {
    let text = "";
    let open = current?.kind === "message" ? current : undefined;
    if (!open) ({ open, text } = openMessage());
    open.text += delta;
    return text + emit("response.output_text.delta", { item_id: open.item.id, output_index: open.outputIndex, content_index: 0, delta, logprobs: [] });
  };

  const reasoningDelta = (delta: string): string => {
    let text = "";
    // A reasoning item that already got its encrypted_content is finished; more thinking starts a new one.
    let open = current?.kind === "reasoning" && current.item.encrypted_content === undefined ? current : undefined;
    if (!open) ({ open, text } = openReasoning());
    if (!open.summaryStarted) {
      open.summaryStarted = true;
      text += emit("response.reasoning_summary_part.added", {
        item_id: open.item.id,
        output_index: open.outputIndex,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      });
    }
    open.text += delta;
    return text + emit("response.reasoning_summary_text.delta", { item_id: open.item.id, output_index: open.outputIndex, summary_index: 0, delta });
  };

  const reasoningSignature = (value: string): string => {
    let text = "";
    let open = current?.kind === "reasoning" && current.item.encrypted_content === undefined ? current : undefined;
    if (!open) ({ open, text } = openReasoning());
    open.item.encrypted_content = value;
    return text;
  };

  const toolCallStart = (index: number, callId: string, name: string): string => {
    let text = closeCurrent();
    const previous = toolCalls.get(index);
    if (previous) text += closeToolCall(previous);
    const item: ResponsesFunctionCallItem = { id: newItemId("fc"), type: "function_call", status: "in_progress", call_id: callId, name, arguments: "" };
    const added = addItem(item);
    toolCalls.set(index, { outputIndex: added.outputIndex, item, open: true });
    return text + added.text;
  };

  const toolCallDelta = (index: number, delta: string): string => {
    const call = toolCalls.get(index);
    if (!call?.open || !delta) return "";
    call.item.arguments += delta;
    return emit("response.function_call_arguments.delta", { item_id: call.item.id, output_index: call.outputIndex, delta });
  };

  const finish = (reason: IrFinishReason): string => {
    const state = terminalStateFromIr(reason);
    if (state.status === "failed") return fail({ status: 500, message: "The upstream model stopped with an error", code: "server_error" });
    ended = true;
    const itemStatus = state.status === "completed" ? "completed" : "incomplete";
    const text = start() + closeAll(itemStatus);
    const response = snapshot({
      status: state.status,
      output,
      ...(usage ? { usage } : {}),
      ...(state.incompleteReason ? { incompleteReason: state.incompleteReason } : {}),
    });
    return text + emit(state.status === "completed" ? "response.completed" : "response.incomplete", { response });
  };

  const fail = (error: IrError): string => {
    ended = true;
    const code = streamErrorCode(error);
    // Items still open are reported as they stand, marked incomplete, without done events.
    current = undefined;
    for (const item of output) if (item.type !== "reasoning" && item.status === "in_progress") item.status = "incomplete";
    const response = snapshot({ status: "failed", output, ...(usage ? { usage } : {}), error: { code, message: error.message } });
    return emit("error", { code, message: error.message, param: null }) + emit("response.failed", { response });
  };

  return {
    encode(event: IrStreamEvent): string {
      if (ended) return "";
      switch (event.type) {
        case "start":
          if (started) return "";
          responseId = responseIdFrom(event.id);
          if (event.created) createdAt = event.created;
          return start();
        case "text-delta":
          return event.text ? start() + textDelta(event.text) : "";
        case "reasoning-delta":
          return event.text ? start() + reasoningDelta(event.text) : "";
        case "reasoning-signature":
          // Only encrypted_content the Responses API made can go back to a Responses client's next turn.
          return event.signature.family === "openai-responses" ? start() + reasoningSignature(event.signature.value) : "";
        case "tool-call-start":
          return start() + toolCallStart(event.index, event.id, event.name);
        case "tool-call-delta":
          return toolCallDelta(event.index, event.argumentsDelta);
        case "tool-call-end": {
          const call = toolCalls.get(event.index);
          return call ? closeToolCall(call) : "";
        }
        case "usage":
          usage = event.usage;
          return "";
        case "finish":
          return finish(event.reason);
        case "error":
          return fail(event.error);
        default:
          return "";
      }
    },
    end: () => "",
  };
}
