// Same format on both sides: the client's body goes upstream untouched except the model (and, for Anthropic,
// max_tokens clamped to the target's limit and unsigned thinking dropped), so cache_control, citations and
// fields we do not know survive.
import { InvalidRequestError } from "../errors/gateway-errors.ts";
import type { EncodedUpstreamRequest, UpstreamTarget } from "./format-codec.ts";
import type { FormatId } from "./ir.ts";
import { asArray, asObject, isObject, type JsonObject } from "./json-values.ts";
import type { SseEvent } from "../streaming/sse-parser.ts";
import { applyChatQuirks } from "../upstream/openai-chat-quirks.ts";

export type PassthroughContext = {
  stream: boolean;
  /** OpenAI Chat: the client itself asked for `stream_options.include_usage`. */
  clientAskedForUsage?: boolean;
  /** Gemini: the method and query the client used (`streamGenerateContent?alt=sse`), kept for the upstream call. */
  geminiMethod?: string;
};

const isUnsignedThinking = (block: unknown) => isObject(block) && block.type === "thinking" && !block.signature;

/**
 * A Claude Code history that another provider answered holds thinking blocks with an empty signature (that is
 * how the gateway shows foreign reasoning to Anthropic clients); Anthropic rejects them, so they are dropped.
 */
function withoutUnsignedThinking(messages: unknown): unknown {
  const list = asArray(messages);
  if (!list.some((message) => isObject(message) && asArray(message.content).some(isUnsignedThinking))) return messages;
  return list.map((message) =>
    isObject(message) && Array.isArray(message.content) ? { ...message, content: message.content.filter((block) => !isUnsignedThinking(block)) } : message,
  );
}

type PassthroughBuilder = (body: JsonObject, target: UpstreamTarget, context: PassthroughContext) => EncodedUpstreamRequest;

/** Ollama's, Cohere's and Bedrock's native APIs and Code Assist are upstream-only formats: no client surface speaks them, so nothing passes through. */
const upstreamOnly = (format: FormatId): PassthroughBuilder => () => {
  throw new InvalidRequestError(`The ${format} format is spoken only to upstreams; a client request cannot pass through in it.`, "unsupported_format");
};

export const passthroughRequest: Record<FormatId, PassthroughBuilder> = {
  "openai-chat": (body, target, context) => {
    const streamOptions = context.stream ? { ...asObject(body.stream_options), include_usage: true } : body.stream_options;
    return { path: "/chat/completions", body: applyChatQuirks({ ...body, model: target.model, stream_options: streamOptions }, target.quirks) };
  },
  "openai-responses": (body, target) => ({ path: "/responses", body: { ...body, model: target.model } }),
  anthropic: (body, target) => {
    const maxTokens = typeof body.max_tokens === "number" && target.maxOutputTokens ? Math.min(body.max_tokens, target.maxOutputTokens) : body.max_tokens;
    return { path: "/v1/messages", body: { ...body, model: target.model, max_tokens: maxTokens, messages: withoutUnsignedThinking(body.messages) } };
  },
  gemini: (body, target, context) => ({
    path: `/v1beta/models/${target.model}:${context.geminiMethod ?? (context.stream ? "streamGenerateContent?alt=sse" : "generateContent")}`,
    body,
  }),
  ollama: upstreamOnly("ollama"),
  cohere: upstreamOnly("cohere"),
  "bedrock-converse": upstreamOnly("bedrock-converse"),
  "gemini-code-assist": upstreamOnly("gemini-code-assist"),
};

/**
 * Events the client must not see in a passthrough stream: the usage chunk the gateway asked a Chat upstream for
 * (to count tokens) when the client did not ask for it itself (its `choices` is empty, which naive clients
 * index blindly).
 */
export function passthroughEventFilter(format: FormatId, context: PassthroughContext): ((event: SseEvent) => boolean) | undefined {
  if (format !== "openai-chat" || !context.stream || context.clientAskedForUsage) return undefined;
  return (event) => event.data.includes('"choices":[]') && event.data.includes('"usage"');
}
