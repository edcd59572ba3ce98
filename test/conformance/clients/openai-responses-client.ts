// The conformance client for the OpenAI Responses API: the real openai SDK, `responses.stream().finalResponse()`
// for streams.
import OpenAI from "openai";
import type { Response, ResponseCreateParamsNonStreaming, ResponseInputItem } from "openai/resources/responses/responses";
import type { ClientAdapter, ScenarioInput, ScenarioResult } from "../scenario.ts";

function inputFor(input: ScenarioInput): ResponseInputItem[] {
  const items: ResponseInputItem[] = (input.history ?? []).map((turn) => ({ role: turn.role, content: turn.text }) as ResponseInputItem);
  items.push({
    role: "user",
    content: input.image
      ? [
          { type: "input_text", text: input.prompt },
          { type: "input_image", detail: "auto", image_url: `data:${input.image.mediaType};base64,${input.image.data}` },
        ]
      : input.prompt,
  });
  if (input.toolResult) {
    const { callId, name, arguments: args, result } = input.toolResult;
    items.push({ type: "function_call", call_id: callId, name, arguments: JSON.stringify(args) });
    items.push({ type: "function_call_output", call_id: callId, output: result });
  }
  return items;
}

function bodyFor(input: ScenarioInput, items: ResponseInputItem[]): ResponseCreateParamsNonStreaming {
  return {
    model: input.model,
    input: items,
    store: false,
    ...(input.system ? { instructions: input.system } : {}),
    ...(input.tools ? { tools: input.tools.map((tool) => ({ type: "function" as const, name: tool.name, description: tool.description, parameters: tool.parameters, strict: false })) } : {}),
    ...(input.jsonSchema ? { text: { format: { type: "json_schema" as const, name: input.jsonSchema.name, schema: input.jsonSchema.schema } } } : {}),
    ...(input.thinking ? { reasoning: { effort: "medium" as const, summary: "auto" as const }, include: ["reasoning.encrypted_content" as const] } : {}),
    ...(input.maxTokens ? { max_output_tokens: input.maxTokens } : {}),
  };
}

function resultOf(response: Response): ScenarioResult {
  if (response.status === "failed") throw new Error(`response failed: ${response.error?.message}`);
  const toolCalls = response.output.flatMap((item) => (item.type === "function_call" ? [{ id: item.call_id, name: item.name, arguments: JSON.parse(item.arguments || "{}") }] : []));
  return {
    text: response.output_text,
    reasoning: response.output.flatMap((item) => (item.type === "reasoning" ? item.summary.map((summary) => summary.text) : [])).join(""),
    toolCalls,
    usage: response.usage ? { input: response.usage.input_tokens, output: response.usage.output_tokens, cached: response.usage.input_tokens_details?.cached_tokens ?? 0 } : undefined,
    finish: response.incomplete_details?.reason === "max_output_tokens" ? "length" : toolCalls.length > 0 ? "tool_calls" : response.status === "completed" ? "stop" : String(response.status),
  };
}

export function openAIResponsesClient(baseUrl: string): ClientAdapter {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "conformance", maxRetries: 0 });
  const complete = (body: ResponseCreateParamsNonStreaming, stream: boolean): Promise<Response> =>
    stream ? client.responses.stream(body as Parameters<typeof client.responses.stream>[0]).finalResponse() : client.responses.create(body);
  return {
    format: "openai-responses",
    async run(input, stream) {
      return resultOf(await complete(bodyFor(input, inputFor(input)), stream));
    },
    async toolLoop(input, stream, resultText) {
      const items = inputFor(input);
      const first = await complete(bodyFor(input, items), stream);
      const replay: ResponseInputItem[] = [...items, ...(first.output as ResponseInputItem[])];
      for (const item of first.output) if (item.type === "function_call") replay.push({ type: "function_call_output", call_id: item.call_id, output: resultText });
      return { first: resultOf(first), second: resultOf(await complete(bodyFor(input, replay), stream)) };
    },
  };
}
