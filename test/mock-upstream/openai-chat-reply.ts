// The "model" behind the mock Chat Completions route: validates a request the way OpenAI does (for the checks a
// gateway translator can get wrong) and derives a deterministic reply and usage from it. Pure functions, shared
// by the JSON and the streaming response builders so both always agree.

import { isJsonObject, readArray, readObject, readString, type JsonObject } from "./json-guards.ts";
import { invalidRequestResponse } from "./openai-errors.ts";
import { cachedPromptTokensFor, type Scenario } from "./scenarios.ts";
import { countWords } from "./text-pieces.ts";

export const fixedCreatedTimestamp = 1700000000;
export const mockSystemFingerprint = "fp_mock";

export type ChatRequest = {
  model: string;
  messages: JsonObject[];
  stream: boolean;
  includeUsage: boolean;
  functionToolNames: string[];
  toolChoice: { kind: "auto" } | { kind: "none" } | { kind: "function"; name: string };
  parallelToolCalls: boolean;
  /** `response_format` asked for JSON: the echo is then a JSON object. */
  structuredOutputRequested: boolean;
};

export type ToolCall = { id: string; name: string; arguments: string };

export type ChatReply = { kind: "text"; text: string } | { kind: "tool-calls"; calls: ToolCall[] };

export type ChatUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
};

/** Returns the parsed request, or a 400 Response in OpenAI's format when the request is invalid. */
export function parseChatRequest(body: unknown): ChatRequest | Response {
  if (!isJsonObject(body)) return invalidRequestResponse("The request body must be a JSON object.", null);

  const model = readString(body, "model");
  if (model === undefined || model.length === 0) {
    return invalidRequestResponse("you must provide a model parameter", null);
  }

  const messages = readArray(body, "messages");
  if (messages === undefined) {
    return invalidRequestResponse("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
  }
  if (messages.length === 0) {
    return invalidRequestResponse(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  const messageObjects: JsonObject[] = [];
  for (const [index, message] of messages.entries()) {
    if (!isJsonObject(message) || readString(message, "role") === undefined) {
      return invalidRequestResponse(`Missing required parameter: 'messages[${index}].role'.`, `messages[${index}].role`, "missing_required_parameter");
    }
    messageObjects.push(message);
  }
  const pairingError = checkToolMessagePairing(messageObjects);
  if (pairingError !== undefined) return pairingError;

  const stream = body["stream"] === true;
  const streamOptions = readObject(body, "stream_options");
  if (streamOptions !== undefined && !stream) {
    return invalidRequestResponse(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      "stream_options",
    );
  }

  return {
    model,
    messages: messageObjects,
    stream,
    includeUsage: streamOptions?.["include_usage"] === true,
    functionToolNames: readFunctionToolNames(body),
    toolChoice: readToolChoice(body),
    parallelToolCalls: body["parallel_tool_calls"] !== false,
    structuredOutputRequested: ["json_schema", "json_object"].includes(String(readObject(body, "response_format")?.["type"])),
  };
}

/** OpenAI rejects tool results without a preceding call, and calls without a result for every id. */
function checkToolMessagePairing(messages: JsonObject[]): Response | undefined {
  const unansweredCallIds = new Set<string>();
  let assistantIndex = -1;
  for (const [index, message] of messages.entries()) {
    const role = readString(message, "role");
    if (role === "tool") {
      const callId = readString(message, "tool_call_id");
      if (callId === undefined || !unansweredCallIds.delete(callId)) {
        return invalidRequestResponse(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      continue;
    }
    if (unansweredCallIds.size > 0) break;
    if (role === "assistant") {
      assistantIndex = index;
      for (const call of readArray(message, "tool_calls") ?? []) {
        if (isJsonObject(call)) {
          const callId = readString(call, "id");
          if (callId !== undefined) unansweredCallIds.add(callId);
        }
      }
    }
  }
  if (unansweredCallIds.size === 0) return undefined;
  return invalidRequestResponse(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...unansweredCallIds].join(", ")}`,
    `messages.[${assistantIndex}].role`,
  );
}

function readFunctionToolNames(body: JsonObject): string[] {
  const names: string[] = [];
  for (const tool of readArray(body, "tools") ?? []) {
    if (!isJsonObject(tool) || tool["type"] !== "function") continue;
    const definition = readObject(tool, "function");
    const name = definition === undefined ? undefined : readString(definition, "name");
    if (name !== undefined) names.push(name);
  }
  return names;
}

function readToolChoice(body: JsonObject): ChatRequest["toolChoice"] {
  const choice = body["tool_choice"];
  if (choice === "none") return { kind: "none" };
  if (isJsonObject(choice) && choice["type"] === "function") {
    const definition = readObject(choice, "function");
    const name = definition === undefined ? undefined : readString(definition, "name");
    if (name !== undefined) return { kind: "function", name };
  }
  return { kind: "auto" };
}

/** Text of a message's content: the string itself, or its text parts concatenated. */
export function textOfContent(content: unknown): string {
  return textPartsOfContent(content).join("");
}

function textPartsOfContent(content: unknown): string[] {
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content) {
    if (isJsonObject(part) && part["type"] === "text") {
      const text = readString(part, "text");
      if (text !== undefined) texts.push(text);
    }
  }
  return texts;
}

export function deriveChatReply(request: ChatRequest, scenario: Scenario, headers: Record<string, string>): ChatReply {
  if (scenario.kind === "echo-headers") return { kind: "text", text: JSON.stringify(headers) };

  const lastMessage = request.messages[request.messages.length - 1];
  const lastRole = lastMessage === undefined ? undefined : readString(lastMessage, "role");
  if (lastMessage !== undefined && lastRole === "tool") {
    return { kind: "text", text: `Tool said: ${textOfContent(lastMessage["content"])}` };
  }

  const lastUserMessage = request.messages.findLast((message) => readString(message, "role") === "user");
  const lastUserText = lastUserMessage === undefined ? "" : textOfContent(lastUserMessage["content"]);

  const calledToolNames = chooseToolNames(request);
  if (lastRole === "user" && calledToolNames.length > 0) {
    const argumentsText = JSON.stringify({ query: lastUserText });
    return {
      kind: "tool-calls",
      calls: calledToolNames.map((name, index) => ({ id: `call_mock_${index + 1}`, name, arguments: argumentsText })),
    };
  }
  if (request.structuredOutputRequested) return { kind: "text", text: JSON.stringify({ echo: lastUserText }) };
  return { kind: "text", text: `Echo: ${lastUserText}` };
}

function chooseToolNames(request: ChatRequest): string[] {
  const choice = request.toolChoice;
  if (choice.kind === "none") return [];
  if (choice.kind === "function") return [choice.name];
  const count = request.parallelToolCalls ? 2 : 1;
  return request.functionToolNames.slice(0, count);
}

export function computeUsage(request: ChatRequest, reply: ChatReply): ChatUsage {
  let promptWords = 0;
  for (const message of request.messages) {
    for (const text of textPartsOfContent(message["content"])) promptWords += countWords(text);
  }
  const promptTokens = Math.max(1, promptWords);
  const completionTokens =
    reply.kind === "text"
      ? countWords(reply.text)
      : reply.calls.reduce((sum, call) => sum + countWords(call.arguments), 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedPromptTokensFor(request.model, promptTokens) },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

export function finishReasonOf(reply: ChatReply): "stop" | "tool_calls" {
  return reply.kind === "text" ? "stop" : "tool_calls";
}
