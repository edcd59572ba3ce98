// A Chat Completions request from a client → IR. System and developer messages become instructions, tool
// messages become tool results on a user turn, `reasoning_content` becomes a reasoning part.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import { mediaSourceFromUrl } from "../data-url.ts";
import type { IrMessage, IrPart, IrRequest, IrResponseFormat, IrTextPart, IrTool, IrToolChoice, ReasoningEffort } from "../ir.ts";
import { asArray, asNumber, asObject, asString, isObject, type JsonObject } from "../json-values.ts";

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  return asArray(content)
    .map((part) => asString(asObject(part).text) ?? asString(asObject(part).refusal) ?? "")
    .join("");
}

function userParts(content: unknown, path: string): IrPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (content == null) return [];
  if (!Array.isArray(content)) throw new InvalidRequestError(`'${path}.content' must be a string or an array of content parts.`, "invalid_type", `${path}.content`);
  return content.flatMap((raw, index): IrPart[] => {
    const part = asObject(raw);
    switch (part.type) {
      case "text":
        return [{ type: "text", text: asString(part.text) ?? "" }];
      case "image_url": {
        const image = asObject(part.image_url);
        const url = asString(image.url) ?? asString(part.image_url);
        if (!url) throw new InvalidRequestError(`'${path}.content[${index}].image_url.url' is required.`, "invalid_value", `${path}.content`);
        return [{ type: "image", source: mediaSourceFromUrl(url), detail: asString(image.detail) }];
      }
      case "input_audio": {
        const audio = asObject(part.input_audio);
        return [{ type: "audio", data: asString(audio.data) ?? "", format: asString(audio.format) ?? "wav" }];
      }
      case "file": {
        const file = asObject(part.file);
        const data = asString(file.file_data);
        const fileId = asString(file.file_id);
        const filename = asString(file.filename);
        if (data) {
          const source = data.startsWith("data:") ? mediaSourceFromUrl(data) : { kind: "base64" as const, mediaType: "application/pdf", data };
          return [{ type: "document", source, filename }];
        }
        if (fileId) return [{ type: "document", source: { kind: "file-id", fileId }, filename }];
        return [];
      }
      default:
        return [];
    }
  });
}

function assistantParts(message: JsonObject): IrPart[] {
  const parts: IrPart[] = [];
  const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
  if (reasoning) parts.push({ type: "reasoning", text: reasoning });
  const text = textOf(message.content);
  if (text) parts.push({ type: "text", text });
  for (const raw of asArray(message.tool_calls)) {
    const call = asObject(raw);
    const fn = asObject(call.function);
    parts.push({ type: "tool-call", id: asString(call.id) ?? "", name: asString(fn.name) ?? "", arguments: asString(fn.arguments) ?? "{}" });
  }
  const legacy = asObject(message.function_call);
  if (asString(legacy.name)) parts.push({ type: "tool-call", id: `call_${asString(legacy.name)}`, name: asString(legacy.name)!, arguments: asString(legacy.arguments) ?? "{}" });
  return parts;
}

function decodeMessages(rawMessages: unknown[]): { system: IrTextPart[]; messages: IrMessage[] } {
  const system: IrTextPart[] = [];
  const messages: IrMessage[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: IrMessage["role"], parts: IrPart[]) => {
    const last = messages.at(-1);
    const toolResultsOnly = parts.every((part) => part.type === "tool-result");
    if (last && last.role === role && role === "user" && (toolResultsOnly || last.parts.every((part) => part.type === "tool-result"))) last.parts.push(...parts);
    else messages.push({ role, parts });
  };
  rawMessages.forEach((raw, index) => {
    const path = `messages[${index}]`;
    if (!isObject(raw)) throw new InvalidRequestError(`'${path}' must be an object.`, "invalid_type", path);
    const role = raw.role;
    switch (role) {
      case "system":
      case "developer":
        system.push({ type: "text", text: textOf(raw.content) });
        return;
      case "user":
        push("user", userParts(raw.content, path));
        return;
      case "assistant": {
        const parts = assistantParts(raw);
        for (const part of parts) if (part.type === "tool-call") toolNames.set(part.id, part.name);
        push("assistant", parts);
        return;
      }
      case "tool":
      case "function": {
        const toolCallId = asString(raw.tool_call_id) ?? `call_${asString(raw.name) ?? index}`;
        const name = toolNames.get(toolCallId) ?? asString(raw.name);
        push("user", [{ type: "tool-result", toolCallId, name, content: [{ type: "text", text: textOf(raw.content) }] }]);
        return;
      }
      default:
        throw new InvalidRequestError(`'${path}.role' must be one of system, developer, user, assistant, tool.`, "invalid_value", `${path}.role`);
    }
  });
  return { system, messages };
}

function decodeTools(raw: unknown): IrTool[] | undefined {
  if (raw === undefined) return undefined;
  return asArray(raw).flatMap((entry): IrTool[] => {
    const tool = asObject(entry);
    if (tool.type !== "function") return [];
    const fn = asObject(tool.function);
    const name = asString(fn.name);
    if (!name) return [];
    return [{ name, description: asString(fn.description), parameters: isObject(fn.parameters) ? fn.parameters : { type: "object", properties: {} }, strict: typeof fn.strict === "boolean" ? fn.strict : undefined }];
  });
}

function decodeToolChoice(raw: unknown): IrToolChoice | undefined {
  if (raw === "none" || raw === "auto" || raw === "required") return { type: raw };
  const choice = asObject(raw);
  if (choice.type === "function") {
    const name = asString(asObject(choice.function).name);
    if (name) return { type: "tool", name };
  }
  if (choice.type === "allowed_tools") return { type: asObject(choice.allowed_tools).mode === "required" ? "required" : "auto" };
  return undefined;
}

function decodeResponseFormat(raw: unknown): IrResponseFormat | undefined {
  const format = asObject(raw);
  if (format.type === "json_object") return { type: "json_object" };
  if (format.type === "text") return { type: "text" };
  if (format.type === "json_schema") {
    const schema = asObject(format.json_schema);
    return {
      type: "json_schema",
      name: asString(schema.name) ?? "response",
      schema: asObject(schema.schema),
      description: asString(schema.description),
      strict: typeof schema.strict === "boolean" ? schema.strict : undefined,
    };
  }
  return undefined;
}

export function decodeChatRequest(body: unknown): IrRequest {
  const request = asObject(body);
  const model = asString(request.model);
  if (!model) throw new InvalidRequestError("'model' is required and must be a string.", "invalid_type", "model");
  if (!Array.isArray(request.messages) || request.messages.length === 0) throw new InvalidRequestError("'messages' must be a non-empty array.", "invalid_type", "messages");
  const { system, messages } = decodeMessages(request.messages);
  const stop = typeof request.stop === "string" ? [request.stop] : asArray(request.stop).filter((value): value is string => typeof value === "string");
  const effort = asString(request.reasoning_effort) as ReasoningEffort | undefined;
  return {
    model,
    system,
    messages,
    tools: decodeTools(request.tools),
    toolChoice: decodeToolChoice(request.tool_choice),
    parallelToolCalls: typeof request.parallel_tool_calls === "boolean" ? request.parallel_tool_calls : undefined,
    responseFormat: decodeResponseFormat(request.response_format),
    maxOutputTokens: asNumber(request.max_completion_tokens) ?? asNumber(request.max_tokens),
    temperature: asNumber(request.temperature),
    topP: asNumber(request.top_p),
    stop: stop.length > 0 ? stop : undefined,
    seed: asNumber(request.seed),
    frequencyPenalty: asNumber(request.frequency_penalty),
    presencePenalty: asNumber(request.presence_penalty),
    reasoning: effort ? { effort, enabled: effort !== "none" } : undefined,
    stream: request.stream === true,
    streamUsage: asObject(request.stream_options).include_usage === true,
    user: asString(request.user),
    metadata: isObject(request.metadata) ? request.metadata : undefined,
  };
}
