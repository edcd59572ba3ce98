// IrResponse → the JSON a Responses client gets for a non-streamed request. Parts become output items in order:
// reasoning → a reasoning item (encrypted_content only for Responses-made reasoning), each run of text → one
// message item, each tool call → a function_call item. Truncation and filtering become status "incomplete".
import type { IrPart, IrResponse } from "../ir.ts";
import { functionCallItemIdFrom, newItemId, responseIdFrom } from "./identifiers.ts";
import { terminalStateFromIr } from "./map-finish-reason.ts";
import { buildResponseObject } from "./response-object.ts";
import type { ResponsesItemStatus, ResponsesOutputItem, ResponsesOutputMessage, ResponsesResponseObject } from "./schema-types.ts";

export function encodeOutputItems(parts: IrPart[], itemStatus: ResponsesItemStatus): ResponsesOutputItem[] {
  const items: ResponsesOutputItem[] = [];
  let message: ResponsesOutputMessage | undefined;
  for (const part of parts) {
    if (part.type === "text") {
      if (!message) {
        message = { id: newItemId("msg"), type: "message", role: "assistant", status: itemStatus, content: [] };
        items.push(message);
      }
      message.content.push({ type: "output_text", text: part.text, annotations: [], logprobs: [] });
      continue;
    }
    if (part.type === "reasoning") {
      const encrypted = part.signature?.family === "openai-responses" ? part.signature.value : undefined;
      if (!part.text && !encrypted) continue;
      message = undefined;
      items.push({
        id: part.itemId?.startsWith("rs_") ? part.itemId : newItemId("rs"),
        type: "reasoning",
        summary: part.text ? [{ type: "summary_text", text: part.text }] : [],
        ...(encrypted ? { encrypted_content: encrypted } : {}),
      });
    } else if (part.type === "tool-call") {
      message = undefined;
      items.push({
        id: functionCallItemIdFrom(part.itemId),
        type: "function_call",
        status: itemStatus,
        call_id: part.id,
        name: part.name,
        arguments: part.arguments,
      });
    }
  }
  return items;
}

export function encodeResponsesResponse(response: IrResponse, context: { requestedModel: string }): ResponsesResponseObject {
  const state = terminalStateFromIr(response.finishReason);
  return buildResponseObject({
    id: responseIdFrom(response.id),
    createdAt: response.created,
    model: context.requestedModel,
    status: state.status,
    output: encodeOutputItems(response.parts, state.status === "completed" ? "completed" : "incomplete"),
    ...(response.usage ? { usage: response.usage } : {}),
    ...(state.incompleteReason ? { incompleteReason: state.incompleteReason } : {}),
    ...(state.status === "failed" ? { error: { code: "server_error", message: "The upstream model failed to finish the response" } } : {}),
  });
}
