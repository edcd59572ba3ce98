// Reads a Converse request body the way Bedrock validates it, for the checks a gateway translator can get wrong:
// turns alternate and start with the user; every content block has exactly one known member (no blank text,
// base64 image bytes in a known format, documents with a name); toolUse only from the assistant, with an id
// Bedrock accepts and an object input; every toolResult answers an earlier toolUse; a toolConfig whenever tool
// blocks appear; Claude's thinking budget below maxTokens, with no temperature, and a signed reasoning block in
// the assistant turn of a tool loop. The model id comes from the URL, never the body. It then reduces the
// request to the format-neutral Conversation the reply is derived from.

import { bedrockError } from "./bedrock-errors.ts";
import type { Conversation, LastTurn } from "./conversation.ts";
import { isJsonObject, readArray, readObject, readString, type JsonObject } from "./json-guards.ts";

export type BedrockRequest = { conversation: Conversation };

const blockMembers = new Set(["text", "image", "document", "toolUse", "toolResult", "reasoningContent", "cachePoint"]);
const imageFormats = new Set(["png", "jpeg", "gif", "webp"]);
const toolUseIdPattern = /^[a-zA-Z0-9_-]{1,64}$/;
const foreignFields = ["model", "modelId", "stream", "max_tokens", "tools", "tool_choice"];

type Checked = { messages: JsonObject[]; toolUseIds: Set<string> };

function blockProblem(block: JsonObject, where: string, role: string, toolUseIds: Set<string>): string | undefined {
  const members = Object.keys(block);
  if (members.length !== 1 || !blockMembers.has(members[0]!)) return `${where}: a content block must have exactly one of ${[...blockMembers].join(", ")}`;
  const text = readString(block, "text");
  if ("text" in block && !text?.trim()) return `${where}: The text field in the ContentBlock object is blank. Add text to the text field, and try again.`;
  const image = readObject(block, "image");
  if (image && (!imageFormats.has(readString(image, "format") ?? "") || !readString(readObject(image, "source") ?? {}, "bytes"))) return `${where}: image needs a format (png, jpeg, gif, webp) and source.bytes`;
  const document = readObject(block, "document");
  if (document && (!readString(document, "name") || !readString(document, "format"))) return `${where}: document needs a name and a format`;
  const toolUse = readObject(block, "toolUse");
  if (toolUse) {
    if (role !== "assistant") return `${where}: toolUse blocks belong to assistant turns`;
    const id = readString(toolUse, "toolUseId") ?? "";
    if (!toolUseIdPattern.test(id) || !readString(toolUse, "name") || !isJsonObject(toolUse["input"])) return `${where}: toolUse needs a toolUseId matching [a-zA-Z0-9_-]+, a name and an object input`;
    toolUseIds.add(id);
  }
  const toolResult = readObject(block, "toolResult");
  if (toolResult) {
    if (role !== "user") return `${where}: toolResult blocks belong to user turns`;
    if (!toolUseIds.has(readString(toolResult, "toolUseId") ?? "")) return `${where}: toolResult.toolUseId does not match any toolUse in an earlier turn`;
    if ((readArray(toolResult, "content") ?? []).length === 0) return `${where}: toolResult.content must not be empty`;
  }
  if ("reasoningContent" in block && role !== "assistant") return `${where}: reasoningContent blocks belong to assistant turns`;
  return undefined;
}

function messagesProblem(body: JsonObject, checked: Checked): string | undefined {
  const messages = readArray(body, "messages");
  if (!messages || messages.length === 0) return "messages must be a non-empty list";
  for (const [index, raw] of messages.entries()) {
    if (!isJsonObject(raw)) return `messages.${index} must be an object`;
    const role = readString(raw, "role");
    if (role !== "user" && role !== "assistant") return `messages.${index}.role must be user or assistant`;
    if (index === 0 && role !== "user") return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
    if (index > 0 && checked.messages[index - 1]!["role"] === role) return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
    const content = readArray(raw, "content");
    if (!content || content.length === 0) return `messages.${index}.content must be a non-empty list`;
    for (const [blockIndex, block] of content.entries()) {
      if (!isJsonObject(block)) return `messages.${index}.content.${blockIndex} must be an object`;
      const problem = blockProblem(block, `messages.${index}.content.${blockIndex}`, role, checked.toolUseIds);
      if (problem) return problem;
    }
    checked.messages.push(raw);
  }
  return undefined;
}

const blocksOf = (message: JsonObject) => (readArray(message, "content") ?? []).filter(isJsonObject);
const hasToolBlocks = (messages: JsonObject[]) => messages.some((message) => blocksOf(message).some((block) => "toolUse" in block || "toolResult" in block));

function thinkingProblem(body: JsonObject, messages: JsonObject[]): string | undefined {
  const thinking = readObject(readObject(body, "additionalModelRequestFields") ?? {}, "thinking");
  if (thinking?.["type"] !== "enabled") return undefined;
  const budget = thinking["budget_tokens"];
  const maxTokens = readObject(body, "inferenceConfig")?.["maxTokens"];
  if (typeof budget !== "number" || budget < 1024) return "thinking.budget_tokens: Input should be greater than or equal to 1024";
  if (typeof maxTokens !== "number" || maxTokens <= budget) return "`max_tokens` must be greater than `thinking.budget_tokens`";
  if (readObject(body, "inferenceConfig")?.["temperature"] !== undefined) return "`temperature` may only be set to 1 when thinking is enabled";
  const lastCalling = messages.findLast((message) => message["role"] === "assistant" && blocksOf(message).some((block) => "toolUse" in block));
  if (lastCalling && !blocksOf(lastCalling).some((block) => typeof readObject(readObject(block, "reasoningContent") ?? {}, "reasoningText")?.["signature"] === "string")) {
    return "Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block.";
  }
  return undefined;
}

function toolNames(body: JsonObject): string[] | string {
  const config = readObject(body, "toolConfig");
  if (!config) return [];
  const names: string[] = [];
  for (const tool of readArray(config, "tools") ?? []) {
    const spec = isJsonObject(tool) ? readObject(tool, "toolSpec") : undefined;
    if (isJsonObject(tool) && "cachePoint" in tool) continue;
    const name = spec ? readString(spec, "name") : undefined;
    if (!spec || !name || !isJsonObject(readObject(spec, "inputSchema")?.["json"])) return "toolConfig.tools: every tool needs toolSpec.name and toolSpec.inputSchema.json";
    names.push(name);
  }
  const choice = readObject(config, "toolChoice");
  if (choice === undefined) return names;
  const [kind] = Object.keys(choice);
  if (Object.keys(choice).length !== 1 || !["auto", "any", "tool"].includes(kind!)) return "toolConfig.toolChoice must have exactly one of auto, any, tool";
  const forced = readString(readObject(choice, "tool") ?? {}, "name");
  return kind === "tool" ? names.filter((name) => name === forced) : names;
}

function textOf(message: JsonObject): string {
  return blocksOf(message).flatMap((block) => (typeof block["text"] === "string" ? [block["text"] as string] : [])).join("");
}

function lastTurnOf(messages: JsonObject[]): LastTurn {
  const last = messages.at(-1)!;
  const result = blocksOf(last).map((block) => readObject(block, "toolResult")).findLast(isJsonObject);
  if (last["role"] === "user" && result) return { kind: "tool-result", resultText: (readArray(result, "content") ?? []).filter(isJsonObject).map((item) => readString(item, "text") ?? JSON.stringify(item["json"] ?? "")).join("") };
  return last["role"] === "user" ? { kind: "user-text" } : { kind: "other" };
}

/** Returns the parsed request, or a 400 ValidationException Response when Bedrock would refuse it. */
export function parseBedrockRequest(body: unknown, model: string): BedrockRequest | Response {
  const invalid = (message: string) => bedrockError(400, "ValidationException", message);
  if (!isJsonObject(body)) return invalid("The request body must be a JSON object");
  const foreign = foreignFields.find((field) => field in body);
  if (foreign) return invalid(`extraneous key [${foreign}] is not permitted`);
  const checked: Checked = { messages: [], toolUseIds: new Set() };
  const problem = messagesProblem(body, checked) ?? thinkingProblem(body, checked.messages);
  if (problem) return invalid(problem);
  if (hasToolBlocks(checked.messages) && !readObject(body, "toolConfig")) return invalid("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
  const tools = toolNames(body);
  if (typeof tools === "string") return invalid(tools);
  const format = readObject(readObject(body, "outputConfig") ?? {}, "textFormat");
  const schema = readString(readObject(readObject(format ?? {}, "structure") ?? {}, "jsonSchema") ?? {}, "schema");
  if (format && (format["type"] !== "json_schema" || !schema)) return invalid("outputConfig.textFormat needs type json_schema and structure.jsonSchema.schema as a JSON string");
  const system = (readArray(body, "system") ?? []).filter(isJsonObject).flatMap((block) => (typeof block["text"] === "string" ? [block["text"] as string] : []));
  const lastUser = checked.messages.findLast((message) => message["role"] === "user" && textOf(message).length > 0);
  return {
    conversation: {
      model,
      promptTexts: [...system, ...checked.messages.map(textOf)].filter((text) => text.length > 0),
      lastUserText: lastUser ? textOf(lastUser) : "",
      lastTurn: lastTurnOf(checked.messages),
      callableToolNames: tools,
      parallelToolCalls: true,
      thinkingRequested: readObject(readObject(body, "additionalModelRequestFields") ?? {}, "thinking")?.["type"] === "enabled",
      structuredOutputRequested: format !== undefined,
    },
  };
}
