// The one place that turns anything thrown on a client surface into a response in that client's error shape.
// Unknown errors become a 500 with a generic message; their details go to the log, never to the client.
import { GatewayError, InvalidRequestError, NotFoundError, UpstreamError } from "../errors/gateway-errors.ts";
import type { Logger } from "../logging/logger.ts";
import { codecFor } from "../protocol/codecs.ts";
import { openAIErrorBody } from "./error-shapes/openai-error.ts";

/** `openai` covers Chat, Responses, Embeddings and model lists; the others are their own formats. */
export type ErrorShape = "openai" | "anthropic" | "gemini";

const geminiMethod = /:(generateContent|streamGenerateContent|countTokens)$/;

export function errorShapeForPath(path: string): ErrorShape {
  if (path.startsWith("/v1/messages") || path.startsWith("/messages")) return "anthropic";
  if (path.startsWith("/v1beta/") || geminiMethod.test(path)) return "gemini";
  return "openai";
}

export function errorResponse(error: GatewayError, shape: ErrorShape, extraHeaders?: Record<string, string>): Response {
  const codec = shape === "openai" ? undefined : codecFor(shape);
  const upstreamType = error instanceof UpstreamError && error.upstreamFamily === shape ? (error.upstreamType ?? undefined) : undefined;
  const body = codec ? codec.errorBody({ status: error.status, message: error.message, type: upstreamType, code: error.code }) : openAIErrorBody(error);
  return Response.json(body, { status: error.status, headers: { ...error.headers, ...extraHeaders } });
}

type FrameworkError = { code: unknown; error: unknown };

/** Maps framework errors (bad JSON, failed validation, unknown route) and our own to a GatewayError. */
export function toGatewayError({ code, error }: FrameworkError, logger: Logger): GatewayError {
  if (error instanceof GatewayError) return error;
  if (code === "PARSE") return new InvalidRequestError("The request body is not valid JSON.", "invalid_json");
  if (code === "VALIDATION") return new InvalidRequestError(validationMessage(error), "invalid_type", validationParam(error));
  if (code === "NOT_FOUND") return new NotFoundError("Unknown path. See /swagger for the API.", "unknown_url");
  logger.error("unexpected error while handling a request", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return new GatewayError("The gateway hit an internal error. It has been logged.", 500, "internal", "internal_error");
}

type ValueErrorLike = { path?: string; message?: string; value?: unknown };

function firstValueError(error: unknown): ValueErrorLike | undefined {
  const candidate = error as { valueError?: ValueErrorLike; all?: ValueErrorLike[] };
  return candidate.valueError ?? candidate.all?.[0];
}

function validationMessage(error: unknown): string {
  const first = firstValueError(error);
  if (!first) return "The request body does not match the expected schema.";
  const field = (first.path ?? "").replace(/^\//, "").replaceAll("/", ".") || "body";
  return `Invalid value for '${field}': ${first.message ?? "does not match the schema"}.`;
}

function validationParam(error: unknown): string | null {
  const path = firstValueError(error)?.path;
  return path ? path.replace(/^\//, "").replaceAll("/", ".") : null;
}
