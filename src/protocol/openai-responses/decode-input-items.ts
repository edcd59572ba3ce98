// The Responses `input` (a string or a list of items) → IR system text and messages. Items of one role that
// follow each other merge into one IR message in order, so a reasoning item, the function_call it preceded and
// the text around them become one assistant turn, and function_call_output items become one user turn.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrDocumentPart, IrImagePart, IrMessage, IrPart, IrReasoningPart, IrTextPart, IrToolCallPart, IrToolResultPart } from "../ir.ts";
import { asArray, asObject, asString, isObject, type JsonObject } from "../json-values.ts";
import { documentPartFromWire, imagePartFromWire } from "./media-sources.ts";

export type DecodedInput = { system: IrTextPart[]; messages: IrMessage[] };

export function decodeInput(input: string | unknown[]): DecodedInput {
  const decoded: DecodedInput = { system: [], messages: [] };
  if (typeof input === "string") {
    decoded.messages.push({ role: "user", parts: [{ type: "text", text: input }] });
    return decoded;
  }
  const append = (role: IrMessage["role"], parts: IrPart[]) => {
    if (parts.length === 0) return;
    const last = decoded.messages.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else decoded.messages.push({ role, parts });
  };
  const toolNamesByCallId = new Map<string, string>();

  input.forEach((item, index) => {
    const path = `input[${index}]`;
    if (!isObject(item)) throw new InvalidRequestError(`${path} must be an object`, null, path);
    const type = asString(item.type) ?? (item.role !== undefined ? "message" : undefined);
    switch (type) {
      case "message": {
        const role = item.role;
        if (role === "system" || role === "developer") decoded.system.push(...decodeSystemContent(item.content, `${path}.content`));
        else if (role === "user" || role === "assistant") append(role, decodeMessageContent(item.content, `${path}.content`));
        else throw new InvalidRequestError(`${path}.role must be one of user, assistant, system, developer`, null, `${path}.role`);
        return;
      }
      case "function_call": {
        const call = decodeFunctionCall(item, path);
        toolNamesByCallId.set(call.id, call.name);
        append("assistant", [call]);
        return;
      }
      case "function_call_output":
        append("user", [decodeFunctionCallOutput(item, path, toolNamesByCallId)]);
        return;
      case "reasoning":
        append("assistant", [decodeReasoningItem(item)]);
        return;
      case "item_reference":
        throw new InvalidRequestError(
          `${path}: item_reference is not supported, this gateway does not store response items; send the full items instead (Vercel AI SDK: providerOptions.openai.store = false)`,
          null,
          path,
        );
      default:
        // Hosted-tool calls and outputs (web_search_call, custom_tool_call, local_shell_call, ...) and item types
        // newer than this codec have no IR form; they are skipped so the rest of the history still goes through.
        return;
    }
  });
  return decoded;
}

function decodeSystemContent(content: unknown, path: string): IrTextPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw new InvalidRequestError(`${path} must be a string or an array of content parts`, null, path);
  return content.map((part, index) => {
    const text = asString(asObject(part).text);
    if (text === undefined) throw new InvalidRequestError(`${path}[${index}]: system and developer content must be text`, null, `${path}[${index}]`);
    return { type: "text", text };
  });
}

function decodeMessageContent(content: unknown, path: string): IrPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw new InvalidRequestError(`${path} must be a string or an array of content parts`, null, path);
  return content.map((part, index) => decodeContentPart(part, `${path}[${index}]`));
}

function decodeContentPart(part: unknown, path: string): IrPart {
  if (!isObject(part)) throw new InvalidRequestError(`${path} must be an object`, null, path);
  switch (part.type) {
    case "input_text":
    case "output_text":
    case "text":
      return { type: "text", text: requireString(part, "text", path) };
    case "refusal":
      return { type: "text", text: requireString(part, "refusal", path) };
    case "input_image":
      return imagePartFromWire(part, path);
    case "input_file":
      return documentPartFromWire(part, path);
    case "input_audio": {
      const audio = asObject(part.input_audio);
      return { type: "audio", data: requireString(audio, "data", `${path}.input_audio`), format: asString(audio.format) ?? "wav" };
    }
    default:
      throw new InvalidRequestError(`${path}.type: unsupported content part type ${JSON.stringify(part.type ?? null)}`, null, `${path}.type`);
  }
}

function decodeFunctionCall(item: JsonObject, path: string): IrToolCallPart {
  const rawArguments = item.arguments;
  const call: IrToolCallPart = {
    type: "tool-call",
    id: requireString(item, "call_id", path),
    name: requireString(item, "name", path),
    arguments: typeof rawArguments === "string" ? rawArguments || "{}" : rawArguments == null ? "{}" : JSON.stringify(rawArguments),
  };
  const itemId = asString(item.id);
  if (itemId) call.itemId = itemId;
  return call;
}

function decodeFunctionCallOutput(item: JsonObject, path: string, toolNamesByCallId: Map<string, string>): IrToolResultPart {
  const toolCallId = requireString(item, "call_id", path);
  const output = item.output;
  let content: IrToolResultPart["content"];
  if (typeof output === "string") content = [{ type: "text", text: output }];
  else if (Array.isArray(output)) content = output.map((part, index) => decodeToolOutputPart(part, `${path}.output[${index}]`));
  else if (output == null) throw new InvalidRequestError(`${path}.output is required`, null, `${path}.output`);
  else content = [{ type: "text", text: JSON.stringify(output) }];
  const result: IrToolResultPart = { type: "tool-result", toolCallId, content };
  const name = toolNamesByCallId.get(toolCallId);
  if (name !== undefined) result.name = name;
  return result;
}

function decodeToolOutputPart(part: unknown, path: string): IrTextPart | IrImagePart | IrDocumentPart {
  const decoded = decodeContentPart(part, path);
  if (decoded.type === "text" || decoded.type === "image" || decoded.type === "document") return decoded;
  throw new InvalidRequestError(`${path}: function_call_output content must be input_text, input_image or input_file`, null, path);
}

/** Summary texts (or raw reasoning_text when there is no summary), encrypted_content and the item id. */
export function decodeReasoningItem(item: JsonObject): IrReasoningPart {
  const texts = (entries: unknown) => asArray(entries).flatMap((entry) => asString(asObject(entry).text) ?? []);
  const summary = texts(item.summary);
  const reasoning: IrReasoningPart = { type: "reasoning", text: (summary.length > 0 ? summary : texts(item.content)).join("\n\n") };
  const encrypted = asString(item.encrypted_content);
  if (encrypted) reasoning.signature = { family: "openai-responses", value: encrypted };
  const itemId = asString(item.id);
  if (itemId) reasoning.itemId = itemId;
  return reasoning;
}

function requireString(object: JsonObject, key: string, path: string): string {
  const value = asString(object[key]);
  if (value === undefined) throw new InvalidRequestError(`${path}.${key} must be a string`, null, `${path}.${key}`);
  return value;
}
