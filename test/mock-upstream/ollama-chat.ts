// Route handlers for Ollama's native API: `POST /api/chat` answers deterministically (scenario by model name)
// as one JSON object (`stream: false`) or as an NDJSON stream the way Ollama sends it: one line per thinking
// word, per answer word and per tool call (arguments as objects, no ids), then a `done: true` line with
// done_reason and the eval counts. `GET /api/tags` lists a fixed set of local models.

import { computeConversationUsage, deriveReply, piecesBeforeFailure, type ConversationReply, type ConversationUsage } from "./conversation.ts";
import { streamingResponse, type StreamWriter } from "./event-stream.ts";
import type { HandlerContext } from "./handler-context.ts";
import { ollamaScenarioErrors, ollamaStreamError } from "./ollama-errors.ts";
import { parseOllamaRequest } from "./ollama-request.ts";
import { respondToScenario } from "./scenario-responses.ts";
import { chunkDelayFor, parseScenario, type Scenario } from "./scenarios.ts";
import { splitIntoWordPieces } from "./text-pieces.ts";

export const ollamaListedModels = ["llama3.2:latest", "qwen3:8b", "llava:7b"];

const createdAt = "2025-01-01T00:00:00.000000Z";

type OllamaMessage = { role: "assistant"; content: string; thinking?: string; tool_calls?: Array<{ function: { name: string; arguments: Record<string, unknown> } }> };

function assistantMessage(reply: ConversationReply): OllamaMessage {
  const message: OllamaMessage = { role: "assistant", content: reply.answer.kind === "text" ? reply.answer.text : "" };
  if (reply.thinking !== undefined) message.thinking = reply.thinking;
  if (reply.answer.kind === "tool-calls") message.tool_calls = reply.answer.calls.map((call) => ({ function: { name: call.name, arguments: call.input } }));
  return message;
}

function finalFields(usage: ConversationUsage) {
  return {
    done: true,
    done_reason: "stop",
    total_duration: 123_456_789,
    load_duration: 1_234_567,
    prompt_eval_count: usage.promptTokens,
    prompt_eval_duration: 12_345_678,
    eval_count: usage.answerTokens + usage.thinkingTokens,
    eval_duration: 98_765_432,
  };
}

export async function handleOllamaChat(context: HandlerContext): Promise<Response> {
  const request = parseOllamaRequest(context.body);
  if (request instanceof Response) return request;

  const scenario = parseScenario(request.model);
  const scenarioResponse = await respondToScenario(scenario, request.model, context, request.stream, ollamaScenarioErrors);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const reply = deriveReply(request.conversation, scenario, context.headers);
  const usage = computeConversationUsage(request.conversation, reply);
  if (request.stream) {
    return streamingResponse({
      headers: { "content-type": "application/x-ndjson" },
      signal: context.signal,
      chunkDelayMilliseconds: chunkDelayFor(scenario),
      write: (writer) => writeOllamaStream(writer, request.model, reply, usage, scenario),
    });
  }
  return Response.json({ model: request.model, created_at: createdAt, message: assistantMessage(reply), ...finalFields(usage) });
}

async function writeOllamaStream(writer: StreamWriter, model: string, reply: ConversationReply, usage: ConversationUsage, scenario: Scenario): Promise<void> {
  const line = (message: Partial<OllamaMessage>, extra: Record<string, unknown> = { done: false }) =>
    writer.send(`${JSON.stringify({ model, created_at: createdAt, message: { role: "assistant", content: "", ...message }, ...extra })}\n`);

  if (scenario.kind === "hang-after-headers") {
    await line({});
    await writer.waitUntilAborted();
    return;
  }
  if (scenario.kind === "mid-stream-error" || scenario.kind === "mid-stream-drop") {
    for (const piece of piecesBeforeFailure(reply.answer)) await line({ content: piece });
    if (scenario.kind === "mid-stream-error") await writer.send(`${JSON.stringify(ollamaStreamError)}\n`);
    else writer.drop();
    return;
  }
  for (const piece of splitIntoWordPieces(reply.thinking ?? "")) await line({ thinking: piece });
  if (reply.answer.kind === "text") for (const piece of splitIntoWordPieces(reply.answer.text)) await line({ content: piece });
  else for (const call of reply.answer.calls) await line({ tool_calls: [{ function: { name: call.name, arguments: call.input } }] });
  await line({}, finalFields(usage));
}

export async function handleOllamaTags(_context: HandlerContext): Promise<Response> {
  return Response.json({
    models: ollamaListedModels.map((name) => ({
      name,
      model: name,
      modified_at: createdAt,
      size: 2_019_393_189,
      digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
      details: { parent_model: "", format: "gguf", family: "llama", families: ["llama"], parameter_size: "3.2B", quantization_level: "Q4_K_M" },
    })),
  });
}
