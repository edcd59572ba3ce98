// IR → the GenerateContentResponse a Gemini client expects: one candidate with the model's parts, the finish
// reason, usageMetadata in Gemini's counting, and the requested model echoed as modelVersion.
import type { IrPart, IrResponse, IrToolCallPart } from "../ir.ts";
import { parseArguments } from "../json-values.ts";
import { encodeContentPart, geminiSignature } from "./encode-parts.ts";
import { finishReasonFromIr } from "./map-finish-reason.ts";
import { usageFromIr } from "./map-usage.ts";
import type { GeminiPart, GeminiResponseBody } from "./schema-types.ts";

/** A tool call as a client sees it: whole args object, always with its id so the client can echo it. */
export function clientFunctionCallPart(call: Pick<IrToolCallPart, "id" | "name" | "arguments" | "signature">): GeminiPart {
  const part: GeminiPart = { functionCall: { name: call.name, args: parseArguments(call.arguments), id: call.id } };
  const signature = geminiSignature(call.signature);
  if (signature) part.thoughtSignature = signature;
  return part;
}

function clientPart(part: IrPart): GeminiPart | undefined {
  return part.type === "tool-call" ? clientFunctionCallPart(part) : encodeContentPart(part, true);
}

export function encodeGeminiResponse(response: IrResponse, context: { requestedModel: string }): GeminiResponseBody {
  const parts = response.parts.flatMap((part) => {
    const encoded = clientPart(part);
    return encoded ? [encoded] : [];
  });
  const body: GeminiResponseBody = {
    candidates: [{ content: { role: "model", parts }, finishReason: finishReasonFromIr(response.finishReason), index: 0 }],
    modelVersion: context.requestedModel,
    responseId: response.id,
  };
  if (response.usage) body.usageMetadata = usageFromIr(response.usage);
  return body;
}
