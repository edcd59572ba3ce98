// A Gemini generateContent request body from a client → IR.
//
// The model and the stream flag are not in a Gemini body: the model sits in the URL path
// (`/v1beta/models/{model}:generateContent`) and streaming is chosen by the method
// (`:streamGenerateContent`). So this returns `model: ""` and `stream: false`; the HTTP layer fills both in
// from the route before handing the request on.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrRequest, IrTextPart } from "../ir.ts";
import { asArray, asObject, asString, isObject } from "../json-values.ts";
import { decodeContents } from "./decode-contents.ts";
import { decodeGenerationConfig } from "./decode-generation-config.ts";
import { decodeToolConfig, decodeTools } from "./decode-tools.ts";
import { field } from "./wire-fields.ts";

/** `systemInstruction` is a Content (text parts; role ignored); a bare string is accepted too. */
function decodeSystem(raw: unknown): IrTextPart[] {
  if (raw === undefined) return [];
  if (typeof raw === "string") return raw ? [{ type: "text", text: raw }] : [];
  if (!isObject(raw)) throw new InvalidRequestError("'systemInstruction' must be a Content object.", "invalid_type", "systemInstruction");
  return asArray(raw.parts).flatMap((part): IrTextPart[] => {
    const text = asString(asObject(part).text);
    return text ? [{ type: "text", text }] : [];
  });
}

export function decodeGeminiRequest(body: unknown): IrRequest {
  if (!isObject(body)) throw new InvalidRequestError("The request body must be a JSON object.", "invalid_type");
  const contents = body.contents;
  if (!Array.isArray(contents)) throw new InvalidRequestError("'contents' must be an array of Content objects.", "invalid_type", "contents");
  const { toolChoice, allowedNames } = decodeToolConfig(field(body, "toolConfig"));
  const allTools = decodeTools(body.tools);
  const tools = allowedNames ? allTools.filter((tool) => allowedNames.includes(tool.name)) : allTools;
  const request: IrRequest = {
    model: "",
    system: decodeSystem(field(body, "systemInstruction")),
    messages: decodeContents(contents),
    stream: false,
    ...decodeGenerationConfig(field(body, "generationConfig")),
  };
  if (tools.length > 0) request.tools = tools;
  if (toolChoice) request.toolChoice = toolChoice;
  return request;
}
