// A Gemini `?alt=sse` stream from an upstream → IR stream events. Every `data:` event is a whole
// GenerateContentResponse holding only the new parts: text and thoughts become deltas, a functionCall arrives
// whole and becomes start + one delta + end, a thoughtSignature becomes a signature event on its part.
// usageMetadata is a running total, so only the last one counts; usage and finish are held back until the
// stream ends, so usage always precedes the single finish.
import type { StreamDecoder } from "../format-codec.ts";
import type { IrFinishReason, IrStreamEvent, IrUsage } from "../ir.ts";
import { asArray, asNumber, asObject, asString, isObject, type JsonObject } from "../json-values.ts";
import type { SseEvent } from "../../streaming/sse-parser.ts";
import { responseCallId } from "./call-ids.ts";
import { functionCallPart, signatureOf } from "./decode-parts.ts";
import { decodeGeminiError } from "./error-body.ts";
import { finishReasonToIr } from "./map-finish-reason.ts";
import { usageToIr } from "./map-usage.ts";
import { field } from "./wire-fields.ts";

function parseChunk(data: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isObject(value) ? value : isObject(asArray(value)[0]) ? (asArray(value)[0] as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** @param unwrap finds the GenerateContentResponse in an event (Code Assist wraps it in `response`). */
export function createGeminiStreamDecoder(unwrap: (event: JsonObject) => JsonObject = (event) => event): StreamDecoder {
  let started = false;
  let done = false;
  let toolIndex = 0;
  let usage: IrUsage | undefined;
  let finishReason: unknown;
  let blocked = false;

  const partEvents = (raw: unknown): IrStreamEvent[] => {
    const part = asObject(raw);
    const signature = signatureOf(part);
    const call = field(part, "functionCall");
    if (isObject(call)) {
      const decoded = functionCallPart(call, signature, responseCallId);
      const index = toolIndex++;
      const start: IrStreamEvent = { type: "tool-call-start", index, id: decoded.id, name: decoded.name };
      if (decoded.signature) start.signature = decoded.signature;
      return [start, { type: "tool-call-delta", index, argumentsDelta: decoded.arguments }, { type: "tool-call-end", index }];
    }
    const text = asString(part.text) ?? "";
    const thought = part.thought === true;
    const events: IrStreamEvent[] = [];
    if (text) events.push(thought ? { type: "reasoning-delta", text } : { type: "text-delta", text });
    if (signature) events.push(thought ? { type: "reasoning-signature", signature } : { type: "text-signature", signature });
    return events;
  };

  return {
    push(event: SseEvent): IrStreamEvent[] {
      if (done) return [];
      const parsed = parseChunk(event.data);
      if (!parsed) return [];
      const chunk = unwrap(parsed);
      if (isObject(chunk.error)) {
        done = true;
        const code = asNumber(chunk.error.code) ?? 500;
        return [{ type: "error", error: decodeGeminiError(code, chunk) }];
      }
      const events: IrStreamEvent[] = [];
      if (!started) {
        started = true;
        events.push({ type: "start", id: asString(field(chunk, "responseId")) || `gemini-${crypto.randomUUID()}`, model: asString(field(chunk, "modelVersion")) ?? "" });
      }
      const candidates = asArray(chunk.candidates);
      const candidate = asObject(candidates[0]);
      for (const part of asArray(asObject(candidate.content).parts)) events.push(...partEvents(part));
      usage = usageToIr(field(chunk, "usageMetadata")) ?? usage;
      finishReason = field(candidate, "finishReason") ?? finishReason;
      if (candidates.length === 0 && asString(asObject(field(chunk, "promptFeedback")).blockReason)) blocked = true;
      return events;
    },
    end(): IrStreamEvent[] {
      if (done) return [];
      done = true;
      const events: IrStreamEvent[] = [];
      if (usage) events.push({ type: "usage", usage });
      let reason: IrFinishReason | undefined;
      if (blocked) reason = "content_filter";
      else if (finishReason !== undefined) reason = finishReasonToIr(finishReason, toolIndex > 0);
      if (reason) events.push({ type: "finish", reason });
      return events;
    },
  };
}
