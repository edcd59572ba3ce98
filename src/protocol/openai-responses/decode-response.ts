// An upstream Responses JSON body → IrResponse. Lenient: unknown output items (hosted-tool calls) and unknown
// fields are skipped. Reasoning keeps its encrypted_content (as an openai-responses signature) and item id, and
// function calls keep their `fc_` item id, so the next turn can replay them to the same upstream.
import type { IrPart, IrResponse } from "../ir.ts";
import { asArray, asNumber, asObject, asString, isObject } from "../json-values.ts";
import { decodeReasoningItem } from "./decode-input-items.ts";
import { finishReasonFromWire } from "./map-finish-reason.ts";
import { usageFromWire } from "./usage.ts";

export type DecodedOutput = { parts: IrPart[]; hasFunctionCalls: boolean; hasRefusal: boolean };

/** Output items → assistant parts in order. A refusal becomes text (the IR has no refusal part). */
export function decodeOutputItems(output: unknown): DecodedOutput {
  const decoded: DecodedOutput = { parts: [], hasFunctionCalls: false, hasRefusal: false };
  for (const item of asArray(output)) {
    if (!isObject(item)) continue;
    if (item.type === "reasoning") {
      const reasoning = decodeReasoningItem(item);
      if (reasoning.text || reasoning.signature) decoded.parts.push(reasoning);
    } else if (item.type === "message") {
      for (const content of asArray(item.content)) {
        const part = asObject(content);
        if (part.type === "output_text") decoded.parts.push({ type: "text", text: asString(part.text) ?? "" });
        else if (part.type === "refusal") {
          decoded.hasRefusal = true;
          decoded.parts.push({ type: "text", text: asString(part.refusal) ?? "" });
        }
      }
    } else if (item.type === "function_call") {
      decoded.hasFunctionCalls = true;
      const itemId = asString(item.id);
      decoded.parts.push({
        type: "tool-call",
        id: asString(item.call_id) ?? itemId ?? "",
        name: asString(item.name) ?? "",
        arguments: asString(item.arguments) || "{}",
        ...(itemId ? { itemId } : {}),
      });
    }
  }
  return decoded;
}

export function decodeResponsesResponse(body: unknown): IrResponse {
  const response = asObject(body);
  const { parts, hasFunctionCalls, hasRefusal } = decodeOutputItems(response.output);
  const decoded: IrResponse = {
    id: asString(response.id) ?? "",
    model: asString(response.model) ?? "",
    created: asNumber(response.created_at) ?? Math.floor(Date.now() / 1000),
    parts,
    finishReason: finishReasonFromWire({
      status: response.status,
      incompleteReason: asObject(response.incomplete_details).reason,
      hasFunctionCalls,
      hasRefusal,
    }),
  };
  const usage = usageFromWire(response.usage);
  if (usage) decoded.usage = usage;
  return decoded;
}
