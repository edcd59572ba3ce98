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

const finishFor: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls" };

export function anthropicClient(baseUrl: string): ClientAdapter {
  const client = new Anthropic({ baseURL: baseUrl, apiKey: "conformance", maxRetries: 0 });
  return {
    format: "anthropic",
    async run(input, stream): Promise<ScenarioResult> {
      const body: Anthropic.MessageCreateParamsNonStreaming = {
        model: input.model,
        max_tokens: input.maxTokens ?? (input.thinking ? 4096 : 1024),
        messages: messagesFor(input),
        ...(input.system ? { system: input.system } : {}),
        ...(input.tools ? { tools: input.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters as Anthropic.Tool.InputSchema })) } : {}),
        ...(input.thinking ? { thinking: { type: "enabled" as const, budget_tokens: 1024 } } : {}),
        ...(input.jsonSchema ? { output_config: { format: { type: "json_schema" as const, schema: input.jsonSchema.schema } } } : {}),
      };
      const message = stream ? await client.messages.stream(body).finalMessage() : await client.messages.create(body);
      return {
        text: message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join(""),
        reasoning: message.content.flatMap((block) => (block.type === "thinking" ? [block.thinking] : [])).join(""),
        toolCalls: message.content.flatMap((block) => (block.type === "tool_use" ? [{ id: block.id, name: block.name, arguments: block.input as Record<string, unknown> }] : [])),
        usage: { input: message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0), output: message.usage.output_tokens },
        finish: finishFor[message.stop_reason ?? ""] ?? "other",
      };
    },
  };
}
