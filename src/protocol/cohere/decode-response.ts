// A Cohere v2 chat response → IR. `thinking` content becomes reasoning, `text` content text, the `tool_plan`
// (the prose Cohere writes before calling tools) text ahead of the tool calls, whose arguments are already
// JSON strings. Lenient: missing or unknown fields never throw.
import type { IrPart, IrResponse } from "../ir.ts";
import { asArray, asObject, asString } from "../json-values.ts";
import { finishReasonToIr, usageToIr } from "./map-response-fields.ts";

export function decodeCohereResponse(body: unknown): IrResponse {
  const response = asObject(body);
  const message = asObject(response.message);
  const parts: IrPart[] = [];
  const content = message.content;
  const text: string[] = typeof content === "string" && content ? [content] : [];
  for (const raw of asArray(content)) {
    const item = asObject(raw);
    if (item.type === "thinking" && asString(item.thinking)) parts.push({ type: "reasoning", text: asString(item.thinking)! });
    else if (item.type === "text" && asString(item.text)) text.push(asString(item.text)!);
  }
  const toolPlan = asString(message.tool_plan);
  if (toolPlan) parts.push({ type: "text", text: toolPlan });
  if (text.length > 0) parts.push({ type: "text", text: text.join("") });
  asArray(message.tool_calls).forEach((raw, index) => {
    const call = asObject(raw);
    const fn = asObject(call.function);
    parts.push({ type: "tool-call", id: asString(call.id) || `call_${index}`, name: asString(fn.name) ?? "", arguments: asString(fn.arguments) || "{}" });
  });
  const hasToolCalls = parts.some((part) => part.type === "tool-call");
  const finish = finishReasonToIr(response.finish_reason);
  return {
    id: asString(response.id) ?? `cohere-${crypto.randomUUID()}`,
    model: asString(response.model) ?? "",
    created: Math.floor(Date.now() / 1000),
    parts,
    finishReason: hasToolCalls && finish === "stop" ? "tool_calls" : finish,
    usage: usageToIr(response.usage),
  };
}
