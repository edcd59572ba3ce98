// Reads a `POST /v1/messages` body the way Anthropic validates it (for the checks a gateway translator can get
// wrong: required max_tokens, thinking budget, tool_use/tool_result pairing, replayed thinking signatures) and
// reduces it to the format-neutral Conversation the reply is derived from.

import { anthropicInvalidRequest } from "./anthropic-errors.ts";
import type { Conversation, LastTurn } from "./conversation.ts";
import { isJsonObject, readArray, readObject, readString, type JsonObject } from "./json-guards.ts";

export const anthropicSignaturePrefix = "sig_mock_";

const minimumThinkingBudget = 1024;

export type AnthropicRequest = {
  model: string;
  stream: boolean;
  conversation: Conversation;
};

type Message = { role: "user" | "assistant"; blocks: JsonObject[] };

/** Returns the parsed request, or a 400 Response in Anthropic's format when the request is invalid. */
export function parseAnthropicRequest(body: unknown, requestId: string): AnthropicRequest | Response {
  const invalid = (message: string) => anthropicInvalidRequest(message, requestId);
  if (!isJsonObject(body)) return invalid("body: Input should be a valid dictionary");

  const model = readString(body, "model");
  if (model === undefined || model.length === 0) return invalid("model: Field required");
  const maximumTokens = body["max_tokens"];
  if (maximumTokens === undefined) return invalid("max_tokens: Field required");
  if (typeof maximumTokens !== "number" || !Number.isInteger(maximumTokens) || maximumTokens < 1) {
    return invalid("max_tokens: Input should be a valid integer greater than or equal to 1");
  }

  const rawMessages = readArray(body, "messages");
  if (rawMessages === undefined) return invalid("messages: Field required");
  const messages: Message[] = [];
  for (const [index, rawMessage] of rawMessages.entries()) {
    const message = readMessage(rawMessage);
    if (message === undefined) return invalid(`messages.${index}: Input should be a valid message with role 'user' or 'assistant'`);
    messages.push(message);
  }
  if (messages.length === 0) return invalid("messages: at least one message is required");

  const thinking = readObject(body, "thinking");
  const thinkingError = checkThinkingBudget(thinking, maximumTokens);
  if (thinkingError !== undefined) return invalid(thinkingError);
  const historyError = checkSignatures(messages) ?? checkToolPairing(messages);
  if (historyError !== undefined) return invalid(historyError);

  const tools = readToolChoice(body);
  return {
    model,
    stream: body["stream"] === true,
    conversation: {
      model,
      promptTexts: [...textsOfContent(body["system"]), ...messages.flatMap((message) => promptTextsOf(message.blocks))],
      lastUserText: lastUserText(messages),
      lastTurn: lastTurnOf(messages),
      callableToolNames: tools.names,
      parallelToolCalls: tools.parallel,
      thinkingRequested: thinking?.["type"] === "enabled" || thinking?.["type"] === "adaptive",
      structuredOutputRequested: readObject(readObject(body, "output_config") ?? {}, "format") !== undefined,
    },
  };
}

/** A message whose string content is normalised to one text block. */
function readMessage(value: unknown): Message | undefined {
  if (!isJsonObject(value)) return undefined;
  const role = value["role"];
  if (role !== "user" && role !== "assistant") return undefined;
  const content = value["content"];
  if (typeof content === "string") return { role, blocks: [{ type: "text", text: content }] };
  if (!Array.isArray(content)) return undefined;
  return { role, blocks: content.filter(isJsonObject) };
}

function checkThinkingBudget(thinking: JsonObject | undefined, maximumTokens: number): string | undefined {
  if (thinking?.["type"] !== "enabled") return undefined;
  const budget = thinking["budget_tokens"];
  if (typeof budget !== "number" || budget < minimumThinkingBudget) {
    return `thinking.enabled.budget_tokens: Input should be greater than or equal to ${minimumThinkingBudget}`;
  }
  if (maximumTokens <= budget) {
    return "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";
  }
  return undefined;
}

/** Replayed thinking blocks must carry a signature this mock issued; anything else was altered or foreign. */
function checkSignatures(messages: Message[]): string | undefined {
  for (const [messageIndex, message] of messages.entries()) {
    for (const [blockIndex, block] of message.blocks.entries()) {
      if (block["type"] !== "thinking") continue;
      const signature = readString(block, "signature") ?? "";
      if (!signature.startsWith(anthropicSignaturePrefix)) {
        return `messages.${messageIndex}.content.${blockIndex}: Invalid signature in thinking block`;
      }
    }
  }
  return undefined;
}

/** Every tool_use needs a tool_result in the very next message, and every tool_result a tool_use just before. */
function checkToolPairing(messages: Message[]): string | undefined {
  for (const [messageIndex, message] of messages.entries()) {
    const previousCallIds = new Set(idsOfBlocks(messages[messageIndex - 1], "tool_use", "id"));
    for (const [blockIndex, block] of message.blocks.entries()) {
      if (block["type"] !== "tool_result") continue;
      const callId = readString(block, "tool_use_id") ?? "";
      if (!previousCallIds.has(callId)) {
        return `messages.${messageIndex}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${callId}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    const answeredIds = new Set(idsOfBlocks(messages[messageIndex + 1], "tool_result", "tool_use_id"));
    const unanswered = idsOfBlocks(message, "tool_use", "id").filter((id) => !answeredIds.has(id));
    if (unanswered.length > 0) {
      return `messages.${messageIndex}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

function idsOfBlocks(message: Message | undefined, type: string, idKey: string): string[] {
  if (message === undefined) return [];
  return message.blocks
    .filter((block) => block["type"] === type)
    .map((block) => readString(block, idKey) ?? "");
}

/** Text of a string or of the text blocks in a block list (system prompts, tool_result content). */
function textsOfContent(content: unknown): string[] {
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  return content.filter(isJsonObject).flatMap((block) => textOfTextBlock(block));
}

function textOfTextBlock(block: JsonObject): string[] {
  const text = block["type"] === "text" ? readString(block, "text") : undefined;
  return text === undefined ? [] : [text];
}

function promptTextsOf(blocks: JsonObject[]): string[] {
  return blocks.flatMap((block) => (block["type"] === "tool_result" ? textsOfContent(block["content"]) : textOfTextBlock(block)));
}

function lastUserText(messages: Message[]): string {
  for (const message of messages.toReversed()) {
    if (message.role !== "user") continue;
    const texts = message.blocks.flatMap(textOfTextBlock);
    if (texts.length > 0) return texts.join("");
  }
  return "";
}

function lastTurnOf(messages: Message[]): LastTurn {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== "user") return { kind: "other" };
  const lastResult = last.blocks.findLast((block) => block["type"] === "tool_result");
  if (lastResult !== undefined) return { kind: "tool-result", resultText: textsOfContent(lastResult["content"]).join("") };
  return { kind: "user-text" };
}

function readToolChoice(body: JsonObject): { names: string[]; parallel: boolean } {
  const names: string[] = [];
  for (const tool of readArray(body, "tools") ?? []) {
    if (!isJsonObject(tool)) continue;
    const type = tool["type"];
    const name = readString(tool, "name");
    // Client tools have no type or type "custom"; server tools (web_search_..., bash_...) are not called by the mock.
    if (name !== undefined && (type === undefined || type === null || type === "custom")) names.push(name);
  }
  const choice = readObject(body, "tool_choice");
  const parallel = choice?.["disable_parallel_tool_use"] !== true;
  if (choice?.["type"] === "none") return { names: [], parallel };
  if (choice?.["type"] === "tool") {
    const name = readString(choice, "name");
    return { names: name === undefined ? [] : [name], parallel };
  }
  return { names, parallel };
}
