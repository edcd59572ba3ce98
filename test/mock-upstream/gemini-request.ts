// Reads a Gemini generateContent body (REST field names: contents, systemInstruction, tools.functionDeclarations,
// toolConfig, generationConfig.thinkingConfig), validates what a gateway translator can get wrong (missing or
// empty contents, bad roles, foreign thought signatures) and reduces it to the format-neutral Conversation.

import type { Conversation, LastTurn } from "./conversation.ts";
import { geminiInvalidArgument } from "./gemini-errors.ts";
import { isJsonObject, readArray, readObject, readString, type JsonObject } from "./json-guards.ts";

export const geminiSignaturePrefix = "gsig_mock_";
/** The documented-by-third-parties placeholder for histories built elsewhere; accepted like a real signature. */
const skipSignatureValidator = "skip_thought_signature_validator";

type Content = { role: "user" | "model"; parts: JsonObject[] };

/** Returns the Conversation, or a 400 INVALID_ARGUMENT Response when the request is invalid. */
export function parseGeminiRequest(body: unknown, model: string): Conversation | Response {
  if (!isJsonObject(body)) return geminiInvalidArgument("Invalid JSON payload received. Expected an object.");
  const rawContents = readArray(body, "contents");
  if (rawContents === undefined || rawContents.length === 0) {
    return geminiInvalidArgument("* GenerateContentRequest.contents: contents is not specified\n");
  }
  const contents: Content[] = [];
  for (const [index, rawContent] of rawContents.entries()) {
    const content = readContent(rawContent);
    if (content === "bad role") return geminiInvalidArgument("Please use a valid role: user, model.");
    if (content === undefined) {
      return geminiInvalidArgument(`* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.\n`);
    }
    contents.push(content);
  }
  if (contents.some((content) => content.parts.some(hasForeignSignature))) {
    return geminiInvalidArgument("Unable to submit request because Thought signature is not valid.");
  }

  const systemParts = readArray(readObject(body, "systemInstruction") ?? {}, "parts") ?? [];
  const generationConfig = readObject(body, "generationConfig");
  const thinkingConfig = generationConfig === undefined ? undefined : readObject(generationConfig, "thinkingConfig");
  return {
    model,
    promptTexts: [...systemParts.filter(isJsonObject).flatMap(visibleTextOf), ...contents.flatMap(promptTextsOf)],
    lastUserText: lastUserText(contents),
    lastTurn: lastTurnOf(contents),
    callableToolNames: callableToolNames(body),
    parallelToolCalls: true,
    thinkingRequested: thinkingConfig?.["includeThoughts"] === true,
    structuredOutputRequested: generationConfig?.["responseMimeType"] === "application/json",
  };
}

function readContent(value: unknown): Content | "bad role" | undefined {
  if (!isJsonObject(value)) return undefined;
  const role = value["role"] ?? "user";
  if (role !== "user" && role !== "model") return "bad role";
  const parts = (readArray(value, "parts") ?? []).filter(isJsonObject);
  return parts.length === 0 ? undefined : { role, parts };
}

function hasForeignSignature(part: JsonObject): boolean {
  const signature = readString(part, "thoughtSignature");
  return signature !== undefined && !signature.startsWith(geminiSignaturePrefix) && signature !== skipSignatureValidator;
}

/** A text part's text, unless it is a thought summary (thoughts are not prompt). */
function visibleTextOf(part: JsonObject): string[] {
  const text = readString(part, "text");
  return text === undefined || part["thought"] === true ? [] : [text];
}

/** A functionResponse's `response.output` when it is a string, else the whole response as JSON. */
function functionResponseText(part: JsonObject): string | undefined {
  const functionResponse = readObject(part, "functionResponse");
  if (functionResponse === undefined) return undefined;
  const response = readObject(functionResponse, "response") ?? {};
  const output = readString(response, "output");
  return output ?? JSON.stringify(response);
}

function promptTextsOf(content: Content): string[] {
  return content.parts.flatMap((part) => {
    const resultText = functionResponseText(part);
    return resultText === undefined ? visibleTextOf(part) : [resultText];
  });
}

function lastUserText(contents: Content[]): string {
  for (const content of contents.toReversed()) {
    if (content.role !== "user") continue;
    const texts = content.parts.flatMap(visibleTextOf);
    if (texts.length > 0) return texts.join("");
  }
  return "";
}

function lastTurnOf(contents: Content[]): LastTurn {
  const last = contents[contents.length - 1];
  if (last === undefined || last.role !== "user") return { kind: "other" };
  const resultTexts = last.parts.flatMap((part) => functionResponseText(part) ?? []);
  const lastResult = resultTexts[resultTexts.length - 1];
  return lastResult === undefined ? { kind: "user-text" } : { kind: "tool-result", resultText: lastResult };
}

/** Declared function names, narrowed by toolConfig: mode NONE offers none, allowedFunctionNames restricts. */
function callableToolNames(body: JsonObject): string[] {
  const declared: string[] = [];
  for (const tool of readArray(body, "tools") ?? []) {
    if (!isJsonObject(tool)) continue;
    for (const declaration of readArray(tool, "functionDeclarations") ?? []) {
      const name = isJsonObject(declaration) ? readString(declaration, "name") : undefined;
      if (name !== undefined) declared.push(name);
    }
  }
  const callingConfig = readObject(readObject(body, "toolConfig") ?? {}, "functionCallingConfig");
  if (callingConfig?.["mode"] === "NONE") return [];
  const allowed = readArray(callingConfig ?? {}, "allowedFunctionNames");
  return allowed === undefined ? declared : declared.filter((name) => allowed.includes(name));
}
