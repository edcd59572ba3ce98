// The contract every wire format implements, once per format: decode/encode requests, responses and stream
// events to and from the IR. Client side and upstream side use the same codec. Pure functions, no I/O.
import type { Quirks } from "../catalog/provider-schema.ts";
import type { SseEvent } from "../streaming/sse-parser.ts";
import type { FormatId, IrError, IrRequest, IrResponse, IrStreamEvent } from "./ir.ts";

/** What the upstream side needs to know about the target besides the IR. */
export type UpstreamTarget = {
  /** The model id to send upstream. */
  model: string;
  /** The catalog's max output for this model, to clamp or default max tokens (Anthropic requires one). */
  maxOutputTokens?: number;
  quirks?: Quirks;
};

export type EncodedUpstreamRequest = {
  /** Appended to the connection's base URL, e.g. "/chat/completions", "/v1/messages". */
  path: string;
  body: unknown;
};

/** Cuts an upstream byte stream into events; the SSE parser (src/streaming/sse-parser.ts) has this shape. */
export type StreamFramer = {
  push(chunk: Uint8Array | string): SseEvent[];
  end(): SseEvent[];
  /** True between events; lets a passthrough forward a chunk's original bytes when it holds only whole events. */
  atBoundary?(): boolean;
};

export type StreamDecoder = {
  /**
   * For an upstream that does not stream SSE (Ollama streams NDJSON): the framer that cuts its bytes into the
   * events `push` receives. Absent means SSE.
   */
  framer?: StreamFramer;
  /** One upstream SSE event in, zero or more IR events out. */
  push(event: SseEvent): IrStreamEvent[];
  /** The upstream stream ended; flush anything pending (never invents a finish). */
  end(): IrStreamEvent[];
};

export type StreamEncoderContext = {
  /** The model name the client asked for, echoed back in the client's format. */
  requestedModel: string;
  /** OpenAI Chat: the client asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Gemini: `sse` for `?alt=sse`, `json-array` for the plain streamGenerateContent form. */
  framing?: "sse" | "json-array";
};

export type StreamEncoder = {
  /** One IR event in, the client's wire text out (possibly empty). */
  encode(event: IrStreamEvent): string;
  /** Called once after the last event (always a `finish` or `error`); returns closing framing, if any. */
  end(): string;
};

export type FormatCodec = {
  id: FormatId;
  /** Client body → IR. Throws InvalidRequestError (src/errors/gateway-errors.ts) with a clear message on bad input. */
  decodeRequest(body: unknown): IrRequest;
  /** IR → upstream request in this format. */
  encodeRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest;
  /** Upstream JSON response → IR. Lenient: unknown fields never break it. */
  decodeResponse(body: unknown): IrResponse;
  /** IR → the client's JSON response. */
  encodeResponse(response: IrResponse, context: { requestedModel: string }): unknown;
  createStreamDecoder(): StreamDecoder;
  createStreamEncoder(context: StreamEncoderContext): StreamEncoder;
  /** The client's error body for an error (HTTP body; status is chosen by the caller). */
  errorBody(error: IrError): unknown;
  /** An upstream JSON error body → IrError message/type/code (status comes from HTTP). */
  decodeError?(status: number, body: unknown): IrError;
};
