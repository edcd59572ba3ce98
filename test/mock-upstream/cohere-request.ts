// Reads a `POST /v2/chat` body the way Cohere validates it (for the checks a gateway translator can get wrong:
// roles, content parts, tool-call arguments as JSON strings, every tool result answering an earlier call by id,
// the REQUIRED/NONE tool choice, the json_object response format) and reduces it to the format-neutral
// Conversation the reply is derived from.

import { cohereError } from "./cohere-errors.ts";
import type { Conversation, LastTurn } from "./conversation.ts";
import { isJsonObject, readArray, readObject, readString, type JsonObject } from "./json-guards.ts";

export type CohereRequest = { model: string; stream: boolean; conversation: Conversation };

const roles = new Set(["system", "user", "assistant", "tool"]);

/** Returns the parsed request, or a 400 Response in Cohere's format when the request is invalid. */
export function parseCohereRequest(body: unknown): CohereRequest | Response {
  const invalid = (message: string) => cohereError(400, `invalid request: ${message}`);
  if (!isJsonObject(body)) return invalid("body must be an object");
  const model = readString(body, "model");
  if (!model) return invalid("model must be specified");
  const messages = readArray(body, "messages");
  if (messages === undefined || messages.length === 0) return invalid("messages must be a non-empty list");
  const checked: JsonObject[] = [];
  const callIds = new Set<string>();
  for (const [index, raw] of messages.entries()) {
    if (!isJsonObject(raw)) return invalid(`messages[${index}] must be an object`);
    const problem = messageProblem(raw, index, callIds);
    if (problem !== undefined) return invalid(problem);
    checked.push(raw);
  }
  const toolChoice = body["tool_choice"];
  if (toolChoice !== undefined && toolChoice !== "REQUIRED" && toolChoice !== "NONE") return invalid("tool_choice must be one of REQUIRED, NONE");
  const format = readObject(body, "response_format");
  if (format !== undefined && format["type"] !== "text" && format["type"] !== "json_object") return invalid("response_format.type must be one of text, json_object");
  const stream = body["stream"];
  if (stream !== undefined && typeof stream !== "boolean") return invalid("stream must be a boolean");

  return {
    model,
    stream: stream === true,
    conversation: {
      model,
      promptTexts: checked.flatMap(promptTextsOf),
      lastUserText: lastUserText(checked),
      lastTurn: lastTurnOf(checked),
      callableToolNames: toolChoice === "NONE" ? [] : toolNames(body),
      parallelToolCalls: true,
      thinkingRequested: readObject(body, "thinking")?.["type"] === "enabled",
      structuredOutputRequested: format?.["type"] === "json_object",
    },
  };
}

function messageProblem(message: JsonObject, index: number, callIds: Set<string>): string | undefined {
  const role = readString(message, "role");
  if (role === undefined || !roles.has(role)) return `messages[${index}].role must be one of system, user, assistant, tool`;
  const content = message["content"];
  if (content !== undefined && typeof content !== "string" && !Array.isArray(content)) return `messages[${index}].content must be a string or a list of content blocks`;
  for (const part of Array.isArray(content) ? content : []) {
    if (!isJsonObject(part)) return `messages[${index}].content items must be objects`;
    const type = part["type"];
    const allowed = role === "assistant" ? ["text", "thinking"] : role === "tool" ? ["text", "document"] : role === "user" ? ["text", "image_url"] : ["text"];
    if (typeof type !== "string" || !allowed.includes(type)) return `messages[${index}].content: unsupported content type ${String(type)}`;
    if (type === "image_url" && !/^(data:image\/[a-z]+;base64,|https?:\/\/)/.test(readString(readObject(part, "image_url") ?? {}, "url") ?? "")) {
      return `messages[${index}].content: image_url.url must be a data URI or a web URL`;
    }
  }
  if (role === "assistant") {
    for (const call of readArray(message, "tool_calls") ?? []) {
      const fn = isJsonObject(call) ? readObject(call, "function") : undefined;
      const id = isJsonObject(call) ? readString(call, "id") : undefined;
      const args = fn === undefined ? undefined : readString(fn, "arguments");
      if (!id || fn === undefined || !readString(fn, "name") || args === undefined) return `messages[${index}].tool_calls: every call needs an id, a function name and arguments as a JSON string`;
      try {
        JSON.parse(args);
      } catch {
        return `messages[${index}].tool_calls: arguments must be valid JSON`;
      }
      callIds.add(id);
    }
  }
  if (role === "tool") {
    const callId = readString(message, "tool_call_id");
    if (!callId || !callIds.has(callId)) return `messages[${index}]: tool_call_id ${String(callId)} does not match any earlier tool call`;
  }
  if ((role === "user" || role === "system") && content === undefined) return `messages[${index}].content is required`;
  return undefined;
}

/** Text of a string content or of the text (and thinking-free) blocks of a block list. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.filter(isJsonObject).flatMap((part) => (part["type"] === "text" ? [readString(part, "text") ?? ""] : [])).join("");
}

function promptTextsOf(message: JsonObject): string[] {
  return [textOf(message["content"]), readString(message, "tool_plan") ?? ""].filter((text) => text.length > 0);
}

function lastUserText(messages: JsonObject[]): string {
  for (const message of messages.toReversed()) {
    const text = textOf(message["content"]);
    if (message["role"] === "user" && text.length > 0) return text;
  }
  return "";
}

function lastTurnOf(messages: JsonObject[]): LastTurn {
  const last = messages.at(-1);
  if (last?.["role"] === "tool") return { kind: "tool-result", resultText: textOf(last["content"]) };
  if (last?.["role"] === "user") return { kind: "user-text" };
  return { kind: "other" };
}

function toolNames(body: JsonObject): string[] {
  return (readArray(body, "tools") ?? []).flatMap((tool) => {
    const name = isJsonObject(tool) ? readString(readObject(tool, "function") ?? {}, "name") : undefined;
    return name === undefined ? [] : [name];
  });
}
