// IR messages → Gemini `contents` for an upstream. Consecutive same-role turns are merged (Gemini wants them
// alternating), all tool results of a turn go into one user content, and function calls keep their thought
// signatures.
//
// Call ids: Gemini accepts `id` on functionCall/functionResponse but older models never assign one. An id is
// sent only when Gemini itself assigned it: the call sits in a turn Gemini produced (some part of it carries a
// gemini signature) and the id is not one this codec invented (`call_` prefix, see call-ids.ts). Everything
// else is paired by name and order, which every Gemini model understands.
//
// Gemini 3 rejects a function-call turn whose first functionCall part has no thought signature. Turns that
// came from another provider (or lost their signature) get Google's documented placeholder
// `skip_thought_signature_validator` on their first call, so the history is accepted.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrMessage, IrToolCallPart, IrToolResultPart } from "../ir.ts";
import { parseArguments } from "../json-values.ts";
import { syntheticCallIdPrefix } from "./call-ids.ts";
import { encodeContentPart, geminiSignature } from "./encode-parts.ts";
import type { GeminiContent, GeminiPart } from "./schema-types.ts";

export const placeholderThoughtSignature = "skip_thought_signature_validator";

type KnownCall = { name: string; sendId: boolean };

function isGeminiTurn(message: IrMessage): boolean {
  return message.parts.some((part) => "signature" in part && geminiSignature(part.signature) !== undefined);
}

function knownCalls(messages: IrMessage[]): Map<string, KnownCall> {
  const calls = new Map<string, KnownCall>();
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    const geminiTurn = isGeminiTurn(message);
    for (const part of message.parts) {
      if (part.type !== "tool-call") continue;
      calls.set(part.id, { name: part.name, sendId: geminiTurn && !part.id.startsWith(syntheticCallIdPrefix) });
    }
  }
  return calls;
}

function functionCallPart(part: IrToolCallPart, calls: Map<string, KnownCall>): GeminiPart {
  const call = { name: part.name, args: parseArguments(part.arguments), ...(calls.get(part.id)?.sendId ? { id: part.id } : {}) };
  const signature = geminiSignature(part.signature);
  return signature ? { functionCall: call, thoughtSignature: signature } : { functionCall: call };
}

/** A tool result → its functionResponse part; images or documents it returned go after all the results. */
function functionResponsePart(part: IrToolResultPart, calls: Map<string, KnownCall>, media: GeminiPart[]): GeminiPart {
  const call = calls.get(part.toolCallId);
  const name = part.name || call?.name;
  if (!name) throw new InvalidRequestError(`Tool result '${part.toolCallId}' does not answer any earlier tool call.`, "invalid_value", "messages");
  const text = part.content.map((item) => (item.type === "text" ? item.text : "")).join("");
  for (const item of part.content) if (item.type !== "text") media.push(encodeContentPart(item, false)!);
  return {
    functionResponse: {
      name,
      response: part.isError ? { error: text } : { output: text },
      ...(call?.sendId ? { id: part.toolCallId } : {}),
    },
  };
}

/** One turn being built: function responses lead a user turn, everything else follows in order. */
type Turn = { role: GeminiContent["role"]; results: GeminiPart[]; rest: GeminiPart[] };

function addMessage(turn: Turn, message: IrMessage, calls: Map<string, KnownCall>): void {
  const media: GeminiPart[] = [];
  for (const part of message.parts) {
    if (part.type === "tool-call") {
      if (turn.role === "model") turn.rest.push(functionCallPart(part, calls));
    } else if (part.type === "tool-result") {
      if (turn.role === "user") turn.results.push(functionResponsePart(part, calls, media));
    } else {
      const encoded = encodeContentPart(part, false);
      if (encoded) turn.rest.push(encoded);
    }
  }
  turn.rest.unshift(...media);
}

/** Gives the first functionCall of each unsigned function-call turn the placeholder signature. */
function addPlaceholderSignatures(contents: GeminiContent[]): void {
  for (const content of contents) {
    if (content.role !== "model") continue;
    const calls = content.parts.filter((part) => part.functionCall !== undefined);
    if (calls.length > 0 && !calls.some((part) => part.thoughtSignature)) calls[0]!.thoughtSignature = placeholderThoughtSignature;
  }
}

/** `needsCallSignatures`: the target is a Gemini 3 (or later) model, which validates call signatures. */
export function encodeContents(messages: IrMessage[], needsCallSignatures: boolean): GeminiContent[] {
  const calls = knownCalls(messages);
  const turns: Turn[] = [];
  for (const message of messages) {
    const role = message.role === "assistant" ? "model" : "user";
    let turn = turns.at(-1);
    // A turn that encoded to nothing (say, only another provider's reasoning) must not split its neighbours.
    if (turn && turn.role !== role && turn.results.length + turn.rest.length === 0) {
      turns.pop();
      turn = turns.at(-1);
    }
    if (turn?.role !== role) {
      turn = { role, results: [], rest: [] };
      turns.push(turn);
    }
    addMessage(turn, message, calls);
  }
  const contents = turns
    .map((turn): GeminiContent => ({ role: turn.role, parts: [...turn.results, ...turn.rest] }))
    .filter((content) => content.parts.length > 0);
  if (needsCallSignatures) addPlaceholderSignatures(contents);
  return contents;
}
