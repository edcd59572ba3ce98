// Gemini `contents` from a client → IR messages. The one hard part is pairing: a `functionResponse` names its
// call by `id` when the model gave one, otherwise only by function name and order, so results are matched to
// the earliest unanswered call of the same name. Id-less calls get deterministic `call_<n>` ids.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrDocumentPart, IrImagePart, IrMessage, IrPart, IrTextPart, IrToolResultPart } from "../ir.ts";
import { asArray, asObject, asString, isObject, type JsonObject } from "../json-values.ts";
import { requestCallId } from "./call-ids.ts";
import { decodePart } from "./decode-parts.ts";
import { field } from "./wire-fields.ts";

type OpenCall = { id: string; name: string; answered: boolean };

/** Keys whose lone string value is the whole result (what Gemini CLI and Google's examples send). */
const resultKeys = ["output", "content", "error"];

function resultText(response: unknown): string {
  if (typeof response === "string") return response;
  if (isObject(response)) {
    const keys = Object.keys(response);
    const onlyKey = keys.length === 1 ? keys[0]! : undefined;
    if (onlyKey && resultKeys.includes(onlyKey) && typeof response[onlyKey] === "string") return response[onlyKey] as string;
  }
  return JSON.stringify(response ?? {});
}

class CallPairing {
  private readonly calls: OpenCall[] = [];
  private synthesized = 0;

  nextCallId = (): string => requestCallId(this.synthesized++);

  rememberCall(id: string, name: string): void {
    this.calls.push({ id, name, answered: false });
  }

  /** The call a result answers: by id when it names a known call, else the earliest open call of that name. */
  answer(id: string | undefined, name: string): string {
    const call =
      (id ? this.calls.find((candidate) => candidate.id === id && !candidate.answered) : undefined) ??
      this.calls.find((candidate) => candidate.name === name && !candidate.answered);
    if (call) {
      call.answered = true;
      return call.id;
    }
    return id || this.nextCallId();
  }
}

function toolResultPart(response: JsonObject, pairing: CallPairing): IrToolResultPart {
  const name = asString(response.name) ?? "";
  const body = response.response;
  const content: Array<IrTextPart | IrImagePart | IrDocumentPart> = [{ type: "text", text: resultText(body) }];
  for (const raw of asArray(response.parts)) {
    const media = decodePart(raw, pairing.nextCallId);
    if (media && (media.type === "image" || media.type === "document" || media.type === "text")) content.push(media);
  }
  const part: IrToolResultPart = { type: "tool-result", toolCallId: pairing.answer(asString(response.id), name), content };
  if (name) part.name = name;
  if (isObject(body) && "error" in body) part.isError = true;
  return part;
}

function roleOf(content: JsonObject, index: number): IrMessage["role"] {
  const role = content.role;
  if (role === undefined || role === "user" || role === "function") return "user";
  if (role === "model") return "assistant";
  throw new InvalidRequestError(`'contents[${index}].role' must be "user" or "model".`, "invalid_value", `contents[${index}].role`);
}

/** `contents` → IR messages; throws InvalidRequestError naming the field on malformed input. */
export function decodeContents(contents: unknown[]): IrMessage[] {
  const pairing = new CallPairing();
  const messages: IrMessage[] = [];
  contents.forEach((raw, index) => {
    if (!isObject(raw)) throw new InvalidRequestError(`'contents[${index}]' must be a Content object.`, "invalid_type", `contents[${index}]`);
    const role = roleOf(raw, index);
    const rawParts = raw.parts;
    if (!Array.isArray(rawParts)) throw new InvalidRequestError(`'contents[${index}].parts' must be an array.`, "invalid_type", `contents[${index}].parts`);
    const parts: IrPart[] = [];
    for (const rawPart of rawParts) {
      const functionResponse = field(asObject(rawPart), "functionResponse");
      if (isObject(functionResponse)) {
        parts.push(toolResultPart(functionResponse, pairing));
        continue;
      }
      const part = decodePart(rawPart, pairing.nextCallId);
      if (!part) continue;
      if (part.type === "tool-call") pairing.rememberCall(part.id, part.name);
      parts.push(part);
    }
    if (parts.length > 0) messages.push({ role, parts });
  });
  return messages;
}
