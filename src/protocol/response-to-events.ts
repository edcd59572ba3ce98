// Turns a complete IrResponse back into the stream events that would have produced it, so a response held
// whole (a cache hit, a coalesced follower) can be written to a streaming client through that client's own
// stream encoder. Folding the events with createStreamAccumulator() gives back an equal response.
//
// Not representable as stream events, so not replayed: image/document/audio/tool-result parts (never part of
// an assistant answer) and the Responses item ids (`itemId`) on reasoning and tool-call parts; encoders
// synthesize fresh item ids.
import type { IrPart, IrResponse, IrStreamEvent } from "./ir.ts";

export function responseToEvents(response: IrResponse): IrStreamEvent[] {
  const events: IrStreamEvent[] = [{ type: "start", id: response.id, model: response.model, created: response.created }];
  let toolCallIndex = 0;
  for (const part of response.parts) toolCallIndex = appendPartEvents(events, part, toolCallIndex);
  if (response.usage) events.push({ type: "usage", usage: response.usage });
  events.push({ type: "finish", reason: response.finishReason, ...(response.stopSequence !== undefined ? { stopSequence: response.stopSequence } : {}) });
  return events;
}

/** Appends the events for one part; returns the next tool-call index. */
function appendPartEvents(events: IrStreamEvent[], part: IrPart, toolCallIndex: number): number {
  switch (part.type) {
    case "reasoning":
      if (part.redacted !== undefined) {
        events.push({ type: "reasoning-redacted", data: part.redacted });
        return toolCallIndex;
      }
      // An empty delta is still needed for an empty unsigned block, or the block would vanish.
      if (part.text !== "" || !part.signature) events.push({ type: "reasoning-delta", text: part.text });
      if (part.signature) events.push({ type: "reasoning-signature", signature: part.signature });
      return toolCallIndex;
    case "text":
      if (part.text !== "" || !part.signature) events.push({ type: "text-delta", text: part.text });
      if (part.signature) events.push({ type: "text-signature", signature: part.signature });
      return toolCallIndex;
    case "tool-call": {
      const index = toolCallIndex;
      events.push({ type: "tool-call-start", index, id: part.id, name: part.name, ...(part.signature ? { signature: part.signature } : {}) });
      events.push({ type: "tool-call-delta", index, argumentsDelta: part.arguments });
      events.push({ type: "tool-call-end", index });
      return toolCallIndex + 1;
    }
    default:
      return toolCallIndex;
  }
}
