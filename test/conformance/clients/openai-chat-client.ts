// The conformance client for OpenAI Chat Completions: the real openai SDK, `.stream().finalChatCompletion()`
// for streams.
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
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

export function openAIChatClient(baseUrl: string): ClientAdapter {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "conformance", maxRetries: 0 });
  return {
    format: "openai-chat",
    async run(input, stream): Promise<ScenarioResult> {
      const body = {
        model: input.model,
        messages: messagesFor(input),
        ...(input.tools ? { tools: input.tools.map((tool) => ({ type: "function" as const, function: tool })) } : {}),
        ...(input.jsonSchema ? { response_format: { type: "json_schema" as const, json_schema: { name: input.jsonSchema.name, schema: input.jsonSchema.schema } } } : {}),
        ...(input.thinking ? { reasoning_effort: "medium" as const } : {}),
        ...(input.maxTokens ? { max_completion_tokens: input.maxTokens } : {}),
      };
      const completion = stream
        ? await client.chat.completions.stream({ ...body, stream_options: { include_usage: true } }).finalChatCompletion()
        : await client.chat.completions.create(body);
      const choice = completion.choices[0]!;
      const message = choice.message as typeof choice.message & { reasoning_content?: string };
      return {
        text: message.content ?? "",
        reasoning: message.reasoning_content ?? "",
        toolCalls: (message.tool_calls ?? []).flatMap((call) => (call.type === "function" ? [{ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments || "{}") }] : [])),
        usage: completion.usage ? { input: completion.usage.prompt_tokens, output: completion.usage.completion_tokens } : undefined,
        finish: choice.finish_reason,
      };
    },
  };
}
