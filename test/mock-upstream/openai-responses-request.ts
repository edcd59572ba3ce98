// Reads a `POST /v1/responses` body the way OpenAI validates it (for the checks a gateway translator can get
// wrong: nested instead of flat function tools, function_call / function_call_output pairing by call_id, replayed
// reasoning whose encrypted_content this mock did not issue) and reduces it to the format-neutral Conversation.

import type { Conversation, LastTurn } from "./conversation.ts";
import { isJsonObject, readArray, readObject, readString, type JsonObject } from "./json-guards.ts";
import { invalidRequestResponse, openAIErrorResponse } from "./openai-errors.ts";

export const encryptedReasoningPrefix = "enc_mock_";

export type ResponsesRequest = {
  model: string;
  stream: boolean;
  includeEncryptedReasoning: boolean;
  conversation: Conversation;
  /** The request body, for the request fields a response object echoes (instructions, tools, ...). */
  body: JsonObject;
};

/** Returns the parsed request, or a 400 Response in OpenAI's format when the request is invalid. */
export function parseResponsesRequest(body: unknown): ResponsesRequest | Response {
  if (!isJsonObject(body)) return invalidRequestResponse("The request body must be a JSON object.", null);
  const model = readString(body, "model");
  if (model === undefined || model.length === 0) {
    return invalidRequestResponse("Missing required parameter: 'model'.", "model", "missing_required_parameter");
  }
  const items = readInputItems(body["input"]);
  if (items === undefined) {
    return invalidRequestResponse(
      "Invalid type for 'input': expected one of a string or array of input items, but got an object instead.",
      "input",
      "invalid_type",
    );
  }
  const tools = readFunctionToolNames(body);
  if (tools instanceof Response) return tools;
  const historyError = checkEncryptedReasoning(items) ?? (body["previous_response_id"] ? undefined : checkCallPairing(items));
  if (historyError !== undefined) return historyError;

  const reasoning = readObject(body, "reasoning");
  const instructions = readString(body, "instructions");
  return {
    model,
    stream: body["stream"] === true,
    includeEncryptedReasoning: (readArray(body, "include") ?? []).includes("reasoning.encrypted_content"),
    body,
    conversation: {
      model,
      promptTexts: [...(instructions === undefined ? [] : [instructions]), ...items.flatMap(promptTextsOf)],
      lastUserText: lastUserText(items),
      lastTurn: lastTurnOf(items),
      callableToolNames: applyToolChoice(body, tools),
      parallelToolCalls: body["parallel_tool_calls"] !== false,
      thinkingRequested: reasoning !== undefined && reasoning["effort"] !== "none",
      structuredOutputRequested: ["json_schema", "json_object"].includes(String(readObject(readObject(body, "text") ?? {}, "format")?.["type"])),
    },
  };
}

/** Input items; a plain string input is one user message. Items without `type` but with a role are messages. */
function readInputItems(input: unknown): JsonObject[] | undefined {
  if (input === undefined || input === null) return [];
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  if (!Array.isArray(input)) return undefined;
  return input.filter(isJsonObject).map((item) => (item["type"] === undefined && item["role"] !== undefined ? { ...item, type: "message" } : item));
}

function readFunctionToolNames(body: JsonObject): string[] | Response {
  const names: string[] = [];
  for (const [index, tool] of (readArray(body, "tools") ?? []).entries()) {
    if (!isJsonObject(tool) || tool["type"] !== "function") continue;
    const name = readString(tool, "name");
    if (name === undefined) {
      return invalidRequestResponse(`Missing required parameter: 'tools[${index}].name'.`, `tools[${index}].name`, "missing_required_parameter");
    }
    names.push(name);
  }
  return names;
}

function applyToolChoice(body: JsonObject, names: string[]): string[] {
  const choice = body["tool_choice"];
  if (choice === "none") return [];
  if (isJsonObject(choice) && choice["type"] === "function") {
    const name = readString(choice, "name");
    return name === undefined ? [] : [name];
  }
  return names;
}

function checkEncryptedReasoning(items: JsonObject[]): Response | undefined {
  for (const item of items) {
    if (item["type"] !== "reasoning") continue;
    const encrypted = readString(item, "encrypted_content");
    if (encrypted !== undefined && !encrypted.startsWith(encryptedReasoningPrefix)) {
      return openAIErrorResponse(400, {
        message: `The encrypted content for item ${readString(item, "id") ?? "(no id)"} could not be verified.`,
        type: "invalid_request_error",
        param: null,
        code: "invalid_encrypted_content",
      });
    }
  }
  return undefined;
}

/** Without previous_response_id, every function_call_output needs its function_call in the input, and vice versa. */
function checkCallPairing(items: JsonObject[]): Response | undefined {
  const callIds = items.filter((item) => item["type"] === "function_call").map((item) => readString(item, "call_id") ?? "");
  const outputIds = items.filter((item) => item["type"] === "function_call_output").map((item) => readString(item, "call_id") ?? "");
  const orphanOutput = outputIds.find((id) => !callIds.includes(id));
  if (orphanOutput !== undefined) {
    return invalidRequestResponse(`No tool call found for function call output with call_id ${orphanOutput}.`, "input");
  }
  const unansweredCall = callIds.find((id) => !outputIds.includes(id));
  if (unansweredCall !== undefined) {
    return invalidRequestResponse(`No tool output found for function call ${unansweredCall}.`, "input");
  }
  return undefined;
}

/** Text of a message's content or a tool output: the string itself, or its text parts concatenated. */
function textOfContent(content: unknown): string[] {
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  const textTypes = ["input_text", "output_text", "text"];
  return content.filter(isJsonObject).flatMap((part) => {
    const text = textTypes.includes(String(part["type"])) ? readString(part, "text") : undefined;
    return text === undefined ? [] : [text];
  });
}

function promptTextsOf(item: JsonObject): string[] {
  if (item["type"] === "message") return textOfContent(item["content"]);
  if (item["type"] === "function_call_output") return textOfContent(item["output"]);
  return [];
}

function lastUserText(items: JsonObject[]): string {
  for (const item of items.toReversed()) {
    if (item["type"] !== "message" || item["role"] !== "user") continue;
    const texts = textOfContent(item["content"]);
    if (texts.length > 0) return texts.join("");
  }
  return "";
}

function lastTurnOf(items: JsonObject[]): LastTurn {
  const last = items[items.length - 1];
  if (last?.["type"] === "function_call_output") return { kind: "tool-result", resultText: textOfContent(last["output"]).join("") };
  if (last?.["type"] === "message" && last["role"] === "user") return { kind: "user-text" };
  return { kind: "other" };
}
