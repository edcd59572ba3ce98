// A Gemini generateContent response from an upstream → IR. Lenient: unknown fields and odd parts are skipped.
// A prompt blocked before generation has no candidates, only `promptFeedback.blockReason`.
import type { IrPart, IrResponse } from "../ir.ts";
import { asArray, asObject, asString } from "../json-values.ts";
import { responseCallId } from "./call-ids.ts";
import { decodePart } from "./decode-parts.ts";
import { finishReasonToIr } from "./map-finish-reason.ts";
import { usageToIr } from "./map-usage.ts";
import { field } from "./wire-fields.ts";

export function decodeGeminiResponse(body: unknown): IrResponse {
  const response = asObject(body);
  const candidate = asObject(asArray(response.candidates)[0]);
  const parts = asArray(asObject(candidate.content).parts).flatMap((raw): IrPart[] => {
    const part = decodePart(raw, responseCallId);
    return part ? [part] : [];
  });
  const blocked = asArray(response.candidates).length === 0 && asString(asObject(field(response, "promptFeedback")).blockReason) !== undefined;
  const calledTools = parts.some((part) => part.type === "tool-call");
  const decoded: IrResponse = {
    id: asString(field(response, "responseId")) || `gemini-${crypto.randomUUID()}`,
    model: asString(field(response, "modelVersion")) ?? "",
    created: Math.floor(Date.now() / 1000),
    parts,
    finishReason: blocked ? "content_filter" : finishReasonToIr(field(candidate, "finishReason"), calledTools),
  };
  const usage = usageToIr(field(response, "usageMetadata"));
  if (usage) decoded.usage = usage;
  return decoded;
}
