// A Chat Completions response from an upstream → IR. Lenient: missing or unknown fields never throw.
import type { IrPart, IrResponse, IrUsage } from "../ir.ts";
import { asArray, asNumber, asObject, asString } from "../json-values.ts";
import { finishReasonToIr } from "./map-finish-reason.ts";

export function chatUsageToIr(raw: unknown): IrUsage | undefined {
  const usage = asObject(raw);
  if (asNumber(usage.prompt_tokens) === undefined && asNumber(usage.completion_tokens) === undefined) return undefined;
  const promptDetails = asObject(usage.prompt_tokens_details);
  const cached = asNumber(promptDetails.cached_tokens);
  const cacheWrite = asNumber(promptDetails.cache_write_tokens);
  const reasoning = asNumber(asObject(usage.completion_tokens_details).reasoning_tokens);
  return {
    inputTokens: asNumber(usage.prompt_tokens) ?? 0,
    outputTokens: asNumber(usage.completion_tokens) ?? 0,
    ...(cached ? { cachedInputTokens: cached } : {}),
    ...(cacheWrite ? { cacheWriteTokens: cacheWrite } : {}),
    ...(reasoning ? { reasoningTokens: reasoning } : {}),
  };
}

export function decodeChatResponse(body: unknown): IrResponse {
  const response = asObject(body);
  const choice = asObject(asArray(response.choices)[0]);
  const message = asObject(choice.message);
  const parts: IrPart[] = [];
  const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
  if (reasoning) parts.push({ type: "reasoning", text: reasoning });
  const content = message.content;
  const text = typeof content === "string" ? content : asArray(content).map((part) => asString(asObject(part).text) ?? "").join("");
  if (text) parts.push({ type: "text", text });
  const refusal = asString(message.refusal);
  if (refusal) parts.push({ type: "text", text: refusal });
  for (const raw of asArray(message.tool_calls)) {
    const call = asObject(raw);
    const fn = asObject(call.function);
    parts.push({ type: "tool-call", id: asString(call.id) ?? `call_${parts.length}`, name: asString(fn.name) ?? "", arguments: asString(fn.arguments) ?? "{}" });
  }
  const hasToolCalls = parts.some((part) => part.type === "tool-call");
  const finish = finishReasonToIr(choice.finish_reason);
  return {
    id: asString(response.id) ?? `chatcmpl-${crypto.randomUUID()}`,
    model: asString(response.model) ?? "",
    created: asNumber(response.created) ?? Math.floor(Date.now() / 1000),
    parts,
    finishReason: refusal ? "refusal" : hasToolCalls && finish === "stop" ? "tool_calls" : finish,
    usage: chatUsageToIr(response.usage),
  };
}
