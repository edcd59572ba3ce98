// IR messages → Responses `input` items for an upstream: user content becomes one message item, tool results
// become function_call_output items paired by call_id, assistant text becomes an output_text replay, tool calls
// become function_call items, and Responses reasoning (encrypted_content + item id) is replayed in place so it
// stays right before the function_call it preceded. Reasoning from other providers cannot be replayed here.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrMessage, IrPart, IrReasoningPart, IrToolCallPart, IrToolResultPart } from "../ir.ts";
import { documentPartToWire, imagePartToWire } from "./media-sources.ts";
import type {
  ResponsesFunctionCallInput,
  ResponsesFunctionCallOutputInput,
  ResponsesInputContent,
  ResponsesInputItem,
  ResponsesOutputText,
  ResponsesReasoningInput,
} from "./schema-types.ts";

export function encodeInputItems(messages: IrMessage[]): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  for (const message of messages) {
    if (message.role === "user") encodeUserParts(message.parts, items);
    else encodeAssistantParts(message.parts, items);
  }
  return items;
}

function encodeUserParts(parts: IrPart[], items: ResponsesInputItem[]) {
  let content: ResponsesInputContent[] = [];
  const flush = () => {
    if (content.length > 0) items.push({ type: "message", role: "user", content });
    content = [];
  };
  for (const part of parts) {
    if (part.type === "tool-result") {
      flush();
      items.push(encodeToolResult(part));
    } else if (part.type === "text") content.push({ type: "input_text", text: part.text });
    else if (part.type === "image") content.push(imagePartToWire(part));
    else if (part.type === "document") content.push(documentPartToWire(part));
    else if (part.type === "audio") throw new InvalidRequestError("Audio input cannot be sent to a Responses API upstream");
  }
  flush();
}

function encodeAssistantParts(parts: IrPart[], items: ResponsesInputItem[]) {
  let content: ResponsesOutputText[] = [];
  const flush = () => {
    if (content.length > 0) items.push({ type: "message", role: "assistant", content });
    content = [];
  };
  for (const part of parts) {
    if (part.type === "text") {
      if (part.text !== "") content.push({ type: "output_text", text: part.text, annotations: [] });
      continue;
    }
    if (part.type === "tool-call") {
      flush();
      items.push(encodeToolCall(part));
    } else if (part.type === "reasoning") {
      const reasoning = encodeReasoning(part);
      if (reasoning) {
        flush();
        items.push(reasoning);
      }
    }
  }
  flush();
}

function encodeToolCall(part: IrToolCallPart): ResponsesFunctionCallInput {
  const call: ResponsesFunctionCallInput = { type: "function_call", call_id: part.id, name: part.name, arguments: part.arguments || "{}" };
  // Only a real Responses item id may go back; the API rejects ids it did not issue.
  if (part.itemId?.startsWith("fc_")) call.id = part.itemId;
  return call;
}

/** Text-only results go as a string; results with images or files as a content list. */
function encodeToolResult(part: IrToolResultPart): ResponsesFunctionCallOutputInput {
  const textOnly = part.content.every((content) => content.type === "text");
  const output = textOnly
    ? part.content.map((content) => (content.type === "text" ? content.text : "")).join("\n")
    : part.content.map((content): ResponsesInputContent => {
        if (content.type === "image") return imagePartToWire(content);
        if (content.type === "document") return documentPartToWire(content);
        return { type: "input_text", text: content.text };
      });
  return { type: "function_call_output", call_id: part.toolCallId, output };
}

/** Only reasoning the Responses API produced (its encrypted_content and `rs_` item id) can be replayed. */
function encodeReasoning(part: IrReasoningPart): ResponsesReasoningInput | undefined {
  if (part.signature?.family !== "openai-responses" || !part.itemId) return undefined;
  return {
    type: "reasoning",
    id: part.itemId,
    summary: part.text ? [{ type: "summary_text", text: part.text }] : [],
    encrypted_content: part.signature.value,
  };
}
