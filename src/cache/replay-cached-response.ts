// Serves a whole IrResponse (a cache hit, or the answer a coalesced follower waited for) to a client in the
// client's own format: as its JSON body, or replayed through its stream encoder as if it had just streamed.
// The answer is marked with `x-amrouter-cache: hit` so clients and tests can tell it was not generated anew.
import type { FormatCodec, StreamEncoderContext } from "../protocol/format-codec.ts";
import type { IrResponse } from "../protocol/ir.ts";
import { responseToEvents } from "../protocol/response-to-events.ts";
import { cacheHeaderName } from "./cache-policy.ts";

export type ReplayOptions = {
  /** The client's codec (codecFor(request.format)). */
  codec: FormatCodec;
  response: IrResponse;
  requestedModel: string;
  stream: boolean;
  /** OpenAI Chat: the client asked for `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** Gemini: `json-array` for streamGenerateContent without alt=sse. */
  framing?: "sse" | "json-array";
  /** Extra headers for the answer (route headers, request id). */
  headers?: HeadersInit;
  /** `x-amrouter-cache` value; "hit" by default, "coalesced" suits a follower. */
  marker?: string;
};

/** The whole client stream for a response, framing included. */
export function encodeReplayStream(codec: FormatCodec, response: IrResponse, context: StreamEncoderContext): string {
  const encoder = codec.createStreamEncoder(context);
  let text = "";
  for (const event of responseToEvents(response)) text += encoder.encode(event);
  return text + encoder.end();
}

export function replayCachedResponse(options: ReplayOptions): Response {
  const headers = new Headers(options.headers);
  headers.set(cacheHeaderName, options.marker ?? "hit");
  if (!options.stream) {
    return Response.json(options.codec.encodeResponse(options.response, { requestedModel: options.requestedModel }), { headers });
  }
  const context: StreamEncoderContext = { requestedModel: options.requestedModel, includeUsage: options.includeUsage ?? false, framing: options.framing };
  headers.set("content-type", options.framing === "json-array" ? "application/json" : "text/event-stream");
  headers.set("cache-control", "no-cache");
  headers.set("x-accel-buffering", "no");
  return new Response(encodeReplayStream(options.codec, options.response, context), { status: 200, headers });
}
