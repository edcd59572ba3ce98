// Reads a `POST /api/chat` body the way an Ollama server does (for the checks a gateway translator can get
// wrong: string content, images as raw base64, tool-call arguments as objects, `stream` defaulting to true)
// and reduces it to the format-neutral Conversation the reply is derived from.

import type { Conversation, LastTurn } from "./conversation.ts";
import { isJsonObject, readArray, readObject, readString, type JsonObject } from "./json-guards.ts";
import { ollamaError } from "./ollama-errors.ts";

export type OllamaRequest = { model: string; stream: boolean; conversation: Conversation };

const roles = new Set(["system", "user", "assistant", "tool"]);
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/** Returns the parsed request, or a 400 Response in Ollama's format when the request is invalid. */
export function parseOllamaRequest(body: unknown): OllamaRequest | Response {
  if (!isJsonObject(body)) return ollamaError(400, "invalid request body");
  const model = readString(body, "model");
  if (!model) return ollamaError(400, "model is required");
  const messages = readArray(body, "messages");
  if (messages === undefined) return ollamaError(400, "messages is required");
  const checked: JsonObject[] = [];
  for (const [index, raw] of messages.entries()) {
    if (!isJsonObject(raw)) return ollamaError(400, `json: cannot unmarshal messages[${index}]`);
    const problem = messageProblem(raw, index);
    if (problem !== undefined) return ollamaError(400, problem);
    checked.push(raw);
  }
  const think = body["think"];
  const format = body["format"];
  return {
    model,
    // Ollama streams unless told otherwise.
    stream: body["stream"] !== false,
    conversation: {
      model,
      promptTexts: checked.map((message) => readString(message, "content") ?? "").filter((text) => text.length > 0),
      lastUserText: lastUserText(checked),
      lastTurn: lastTurnOf(checked),
      callableToolNames: (readArray(body, "tools") ?? []).flatMap((tool) => {
        const name = isJsonObject(tool) ? readString(readObject(tool, "function") ?? {}, "name") : undefined;
        return name === undefined ? [] : [name];
      }),
      parallelToolCalls: true,
      thinkingRequested: think === true || think === "low" || think === "medium" || think === "high",
      structuredOutputRequested: format === "json" || isJsonObject(format),
    },
  };
}

function messageProblem(message: JsonObject, index: number): string | undefined {
  const role = readString(message, "role");
  if (role === undefined || !roles.has(role)) return `invalid role at messages[${index}]: ${String(message["role"])}`;
  const content = message["content"];
  if (content !== undefined && typeof content !== "string") return "json: cannot unmarshal array into Go struct field Message.messages.content of type string";
  for (const image of readArray(message, "images") ?? []) {
    if (typeof image !== "string" || !base64Pattern.test(image)) return "illegal base64 data at input byte 4";
  }
  for (const call of readArray(message, "tool_calls") ?? []) {
    const fn = isJsonObject(call) ? readObject(call, "function") : undefined;
    if (fn === undefined || !isJsonObject(fn["arguments"])) return "json: cannot unmarshal string into Go struct field ToolCallFunction.messages.tool_calls.function.arguments";
  }
  return undefined;
}

function lastUserText(messages: JsonObject[]): string {
  for (const message of messages.toReversed()) {
    const text = readString(message, "content") ?? "";
    if (message["role"] === "user" && text.length > 0) return text;
  }
  return "";
}

function lastTurnOf(messages: JsonObject[]): LastTurn {
  const last = messages.at(-1);
  if (last?.["role"] === "tool") return { kind: "tool-result", resultText: readString(last, "content") ?? "" };
  if (last?.["role"] === "user") return { kind: "user-text" };
  return { kind: "other" };
}
