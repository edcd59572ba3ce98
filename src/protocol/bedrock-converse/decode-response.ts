// A Bedrock Converse response → IR. `output.message.content` holds text, toolUse (input is an object; the IR
// carries it as a JSON string) and reasoningContent blocks (reasoning text and its signature, replayable only to
// Bedrock). Claude's stop sequence comes back in additionalModelResponseFields. Lenient: odd fields never throw.
import type { IrPart, IrResponse } from "../ir.ts";
import { asArray, asObject, asString } from "../json-values.ts";
import { finishReasonToIr, usageToIr } from "./map-response-fields.ts";

function partOf(raw: unknown): IrPart | undefined {
  const block = asObject(raw);
  const text = asString(block.text);
  if (text) return { type: "text", text };
  if (block.toolUse !== undefined) {
    const toolUse = asObject(block.toolUse);
    return { type: "tool-call", id: asString(toolUse.toolUseId) ?? `tooluse_${crypto.randomUUID()}`, name: asString(toolUse.name) ?? "", arguments: JSON.stringify(toolUse.input ?? {}) };
  }
  const reasoning = asObject(asObject(block.reasoningContent).reasoningText);
  const reasoningText = asString(reasoning.text);
  if (reasoningText === undefined) return undefined;
  const signature = asString(reasoning.signature);
  return { type: "reasoning", text: reasoningText, ...(signature ? { signature: { family: "bedrock-converse", value: signature } } : {}) };
}

export function decodeBedrockConverseResponse(body: unknown): IrResponse {
  const response = asObject(body);
  const parts = asArray(asObject(asObject(response.output).message).content)
    .map(partOf)
    .filter((part): part is IrPart => part !== undefined);
  const finish = finishReasonToIr(response.stopReason);
  const stopSequence = asString(asObject(response.additionalModelResponseFields).stop_sequence);
  return {
    id: `bedrock-${crypto.randomUUID()}`,
    model: "",
    created: Math.floor(Date.now() / 1000),
    parts,
    finishReason: finish === "stop" && parts.some((part) => part.type === "tool-call") ? "tool_calls" : finish,
    ...(stopSequence ? { stopSequence } : {}),
    usage: usageToIr(response.usage),
  };
}
