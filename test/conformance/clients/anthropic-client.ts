// The conformance client for Anthropic Messages: the real @anthropic-ai/sdk, `messages.stream().finalMessage()`
// for streams.
import Anthropic from "@anthropic-ai/sdk";
import type { ClientAdapter, ScenarioInput, ScenarioResult } from "../scenario.ts";

type MessageParam = Anthropic.MessageParam;

function messagesFor(input: ScenarioInput): MessageParam[] {
  const messages: MessageParam[] = (input.history ?? []).map((turn) => ({ role: turn.role, content: turn.text }));
  messages.push({
    role: "user",
    content: input.image
      ? [
          { type: "text", text: input.prompt },
          { type: "image", source: { type: "base64", media_type: input.image.mediaType as "image/png", data: input.image.data } },
        ]
      : input.prompt,
  });
  if (input.toolResult) {
    const { callId, name, arguments: args, result } = input.toolResult;
    messages.push({ role: "assistant", content: [{ type: "tool_use", id: callId, name, input: args }] });
    messages.push({ role: "user", content: [{ type: "tool_result", tool_use_id: callId, content: result }] });
  }
  return messages;
}

function bodyFor(input: ScenarioInput, messages: MessageParam[]): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: input.model,
    max_tokens: input.maxTokens ?? (input.thinking ? 4096 : 1024),
    messages,
    ...(input.system ? { system: input.system } : {}),
    ...(input.tools ? { tools: input.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters as Anthropic.Tool.InputSchema })) } : {}),
    ...(input.thinking ? { thinking: { type: "enabled" as const, budget_tokens: 1024 } } : {}),
    ...(input.jsonSchema ? { output_config: { format: { type: "json_schema" as const, schema: input.jsonSchema.schema } } } : {}),
  };
}

const finishFor: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls" };

function resultOf(message: Anthropic.Message): ScenarioResult {
  const cached = message.usage.cache_read_input_tokens ?? 0;
  return {
    text: message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join(""),
    reasoning: message.content.flatMap((block) => (block.type === "thinking" ? [block.thinking] : [])).join(""),
    toolCalls: message.content.flatMap((block) => (block.type === "tool_use" ? [{ id: block.id, name: block.name, arguments: block.input as Record<string, unknown> }] : [])),
    usage: { input: message.usage.input_tokens + cached + (message.usage.cache_creation_input_tokens ?? 0), output: message.usage.output_tokens, cached },
    finish: finishFor[message.stop_reason ?? ""] ?? "other",
  };
}

export function anthropicClient(baseUrl: string): ClientAdapter {
  const client = new Anthropic({ baseURL: baseUrl, apiKey: "conformance", maxRetries: 0 });
  const complete = async (body: Anthropic.MessageCreateParamsNonStreaming, stream: boolean): Promise<Anthropic.Message> =>
    stream ? await client.messages.stream(body).finalMessage() : await client.messages.create(body);
  return {
    format: "anthropic",
    async run(input, stream) {
      return resultOf(await complete(bodyFor(input, messagesFor(input)), stream));
    },
    async toolLoop(input, stream, resultText) {
      const messages = messagesFor(input);
      const first = await complete(bodyFor(input, messages), stream);
      const results = first.content.flatMap((block) => (block.type === "tool_use" ? [{ type: "tool_result" as const, tool_use_id: block.id, content: resultText }] : []));
      const replay: MessageParam[] = [...messages, { role: "assistant", content: first.content as Anthropic.ContentBlockParam[] }, { role: "user", content: results }];
      return { first: resultOf(first), second: resultOf(await complete(bodyFor(input, replay), stream)) };
    },
  };
}
