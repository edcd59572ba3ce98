// The conformance client for OpenAI Chat Completions: the real openai SDK, `.stream().finalChatCompletion()`
// for streams.
import OpenAI from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ClientAdapter, ScenarioInput, ScenarioResult } from "../scenario.ts";

function messagesFor(input: ScenarioInput): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (input.system) messages.push({ role: "system", content: input.system });
  for (const turn of input.history ?? []) messages.push({ role: turn.role, content: turn.text });
  messages.push({
    role: "user",
    content: input.image
      ? [
          { type: "text", text: input.prompt },
          { type: "image_url", image_url: { url: `data:${input.image.mediaType};base64,${input.image.data}` } },
        ]
      : input.prompt,
  });
  if (input.toolResult) {
    const { callId, name, arguments: args, result } = input.toolResult;
    messages.push({ role: "assistant", content: null, tool_calls: [{ id: callId, type: "function", function: { name, arguments: JSON.stringify(args) } }] });
    messages.push({ role: "tool", tool_call_id: callId, content: result });
  }
  return messages;
}

function bodyFor(input: ScenarioInput, messages: ChatCompletionMessageParam[]): ChatCompletionCreateParamsNonStreaming {
  return {
    model: input.model,
    messages,
    ...(input.tools ? { tools: input.tools.map((tool) => ({ type: "function" as const, function: tool })) } : {}),
    ...(input.jsonSchema ? { response_format: { type: "json_schema" as const, json_schema: { name: input.jsonSchema.name, schema: input.jsonSchema.schema } } } : {}),
    ...(input.thinking ? { reasoning_effort: "medium" as const } : {}),
    ...(input.maxTokens ? { max_completion_tokens: input.maxTokens } : {}),
  };
}

/** `streamedReasoning`: the SDK's stream helper keeps only the last `reasoning_content` delta, so streams collect it from the chunks. */
function resultOf(completion: ChatCompletion, streamedReasoning?: string): ScenarioResult {
  const choice = completion.choices[0]!;
  const message = choice.message as typeof choice.message & { reasoning_content?: string };
  return {
    text: message.content ?? "",
    reasoning: streamedReasoning ?? message.reasoning_content ?? "",
    toolCalls: (message.tool_calls ?? []).flatMap((call) => (call.type === "function" ? [{ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments || "{}") }] : [])),
    usage: completion.usage ? { input: completion.usage.prompt_tokens, output: completion.usage.completion_tokens, cached: completion.usage.prompt_tokens_details?.cached_tokens ?? 0 } : undefined,
    finish: choice.finish_reason,
  };
}

export function openAIChatClient(baseUrl: string): ClientAdapter {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "conformance", maxRetries: 0 });
  const complete = async (body: ChatCompletionCreateParamsNonStreaming, stream: boolean): Promise<{ completion: ChatCompletion; reasoning?: string }> => {
    if (!stream) return { completion: await client.chat.completions.create(body) };
    let reasoning = "";
    const runner = client.chat.completions.stream({ ...body, stream: true, stream_options: { include_usage: true } });
    runner.on("chunk", (chunk) => {
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? "";
    });
    return { completion: await runner.finalChatCompletion(), reasoning };
  };
  return {
    format: "openai-chat",
    async run(input, stream) {
      const { completion, reasoning } = await complete(bodyFor(input, messagesFor(input)), stream);
      return resultOf(completion, reasoning);
    },
    async toolLoop(input, stream, resultText) {
      const messages = messagesFor(input);
      const first = await complete(bodyFor(input, messages), stream);
      const assistant = first.completion.choices[0]!.message;
      const replay: ChatCompletionMessageParam[] = [...messages, assistant as ChatCompletionMessageParam];
      for (const call of assistant.tool_calls ?? []) replay.push({ role: "tool", tool_call_id: call.id, content: resultText });
      const second = await complete(bodyFor(input, replay), stream);
      return { first: resultOf(first.completion, first.reasoning), second: resultOf(second.completion, second.reasoning) };
    },
  };
}
