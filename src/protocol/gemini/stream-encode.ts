// IR stream events → the stream a Gemini client reads. Each content event becomes one GenerateContentResponse
// chunk; a tool call is held until its end and sent whole (Gemini never streams argument deltas); usage rides
// on the final chunk with the finish reason. Framing `sse` writes `data: <json>\r\n\r\n` events (`?alt=sse`);
// `json-array` writes the same objects as one JSON array, element by element.
import type { StreamEncoder, StreamEncoderContext } from "../format-codec.ts";
import type { IrStreamEvent, IrUsage, ProviderSignature } from "../ir.ts";
import { clientFunctionCallPart } from "./encode-response.ts";
import { geminiErrorBody } from "./error-body.ts";
import { finishReasonFromIr } from "./map-finish-reason.ts";
import { usageFromIr } from "./map-usage.ts";
import type { GeminiCandidate, GeminiPart, GeminiResponseBody } from "./schema-types.ts";

type OpenCall = { id: string; name: string; arguments: string; signature?: ProviderSignature };

export function createGeminiStreamEncoder(context: StreamEncoderContext): StreamEncoder {
  const framing = context.framing ?? "sse";
  let responseId = `gemini-${crypto.randomUUID()}`;
  let written = 0;
  let usage: IrUsage | undefined;
  const openCalls = new Map<number, OpenCall>();

  const frame = (object: unknown): string => {
    const json = JSON.stringify(object);
    written++;
    if (framing === "sse") return `data: ${json}\r\n\r\n`;
    return written === 1 ? `[${json}` : `,\r\n${json}`;
  };

  const chunk = (candidate: GeminiCandidate, withUsage = false): string => {
    const body: GeminiResponseBody = { candidates: [candidate], modelVersion: context.requestedModel, responseId };
    if (withUsage && usage) body.usageMetadata = usageFromIr(usage);
    return frame(body);
  };

  const partChunk = (part: GeminiPart): string => chunk({ content: { role: "model", parts: [part] }, index: 0 });

  const signatureValue = (signature: ProviderSignature): string | undefined => (signature.family === "gemini" ? signature.value : undefined);

  const closeCall = (index: number): string => {
    const call = openCalls.get(index);
    if (!call) return "";
    openCalls.delete(index);
    return partChunk(clientFunctionCallPart(call));
  };

  const closeAllCalls = (): string => [...openCalls.keys()].map(closeCall).join("");

  return {
    encode(event: IrStreamEvent): string {
      switch (event.type) {
        case "start":
          responseId = event.id || responseId;
          return "";
        case "text-delta":
          return event.text ? partChunk({ text: event.text }) : "";
        case "reasoning-delta":
          return event.text ? partChunk({ text: event.text, thought: true }) : "";
        case "text-signature": {
          const value = signatureValue(event.signature);
          return value ? partChunk({ text: "", thoughtSignature: value }) : "";
        }
        case "reasoning-signature": {
          const value = signatureValue(event.signature);
          return value ? partChunk({ text: "", thought: true, thoughtSignature: value }) : "";
        }
        case "reasoning-redacted":
          return "";
        case "tool-call-start":
          openCalls.set(event.index, { id: event.id, name: event.name, arguments: "", ...(event.signature ? { signature: event.signature } : {}) });
          return "";
        case "tool-call-delta": {
          const call = openCalls.get(event.index);
          if (call) call.arguments += event.argumentsDelta;
          return "";
        }
        case "tool-call-end":
          return closeCall(event.index);
        case "usage":
          usage = event.usage;
          return "";
        case "finish":
          return closeAllCalls() + chunk({ finishReason: finishReasonFromIr(event.reason), index: 0 }, true);
        case "error":
          return closeAllCalls() + frame(geminiErrorBody(event.error));
      }
    },
    end(): string {
      if (framing === "sse") return "";
      return written === 0 ? "[]" : "]";
    },
  };
}
