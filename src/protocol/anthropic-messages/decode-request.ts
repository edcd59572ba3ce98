// A client's Anthropic Messages body → IR request: validates the required fields (model, max_tokens,
// messages), folds `{role:"system"}` messages into the system prompt and maps every option it can carry.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrMessage, IrRequest, IrTextPart } from "../ir.ts";
import { asObject, asString, isObject, type JsonObject } from "../json-values.ts";
import { decodeContent, decodeSystem, type ToolNames } from "./decode-content.ts";
import { decodeReasoning, decodeResponseFormat, decodeToolChoice, decodeTools } from "./decode-request-options.ts";

function optionalNumber(body: JsonObject, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new InvalidRequestError(`${field}: a number is required`, null, field);
  return value;
}

function decodeStopSequences(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new InvalidRequestError("stop_sequences: an array of strings is required", null, "stop_sequences");
  }
  return value;
}

function decodeMessages(messages: unknown[], system: IrTextPart[]): IrMessage[] {
  const toolNames: ToolNames = new Map();
  const decoded: IrMessage[] = [];
  messages.forEach((item, index) => {
    const path = `messages[${index}]`;
    if (!isObject(item)) throw new InvalidRequestError(`${path}: a message object is required`, null, path);
    if (item.role === "system") {
      system.push(...decodeSystem(item.content, `${path}.content`));
      return;
    }
    if (item.role !== "user" && item.role !== "assistant") {
      throw new InvalidRequestError(`${path}.role: must be "user" or "assistant"`, null, `${path}.role`);
    }
    decoded.push({ role: item.role, parts: decodeContent(item.content, path, toolNames) });
  });
  return decoded;
}

export function decodeAnthropicRequest(body: unknown): IrRequest {
  if (!isObject(body)) throw new InvalidRequestError("The request body must be a JSON object");
  const model = body.model;
  if (typeof model !== "string" || model === "") throw new InvalidRequestError("model: a model name is required", null, "model");
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new InvalidRequestError("max_tokens: a positive integer is required", null, "max_tokens");
  }
  if (!Array.isArray(body.messages)) throw new InvalidRequestError("messages: an array of messages is required", null, "messages");
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    throw new InvalidRequestError("stream: a boolean is required", null, "stream");
  }

  const system = decodeSystem(body.system, "system");
  const request: IrRequest = {
    model,
    system,
    messages: decodeMessages(body.messages, system),
    maxOutputTokens: maxTokens,
    stream: body.stream === true,
  };

  const tools = decodeTools(body.tools);
  if (tools) request.tools = tools;
  Object.assign(request, decodeToolChoice(body.tool_choice));
  const temperature = optionalNumber(body, "temperature");
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body, "top_p");
  if (topP !== undefined) request.topP = topP;
  const topK = optionalNumber(body, "top_k");
  if (topK !== undefined) request.topK = topK;
  const stop = decodeStopSequences(body.stop_sequences);
  if (stop) request.stop = stop;
  const reasoning = decodeReasoning(body.thinking, body.output_config);
  if (reasoning) request.reasoning = reasoning;
  const responseFormat = decodeResponseFormat(body.output_config, body.output_format);
  if (responseFormat) request.responseFormat = responseFormat;
  const user = asString(asObject(body.metadata).user_id);
  if (user !== undefined) request.user = user;
  return request;
}
