// watsonx.ai's chat routes: `POST /ml/v1/text/chat` and `/ml/v1/text/chat_stream`, both with a `version` query.
// The bearer token must be one this mock's IAM endpoint issued and did not revoke; the body names `model_id` and
// a `project_id` or `space_id` (never `model`), and a tool-choice mode travels as `tool_choice_option`. The answer
// is the Chat Completions mock's, re-dressed the watsonx way: `model_id` and `created_at` on every body, errors
// as `{errors:[{code,message,more_info}],trace,status_code}`, and streams framed as `id:`/`event: message`
// events whose last one carries usage, with no `[DONE]` (`event: error` for an in-stream failure).
import { bearerOf } from "./cloud-accounts.ts";
import type { HandlerContext } from "./handler-context.ts";
import { isJsonObject } from "./json-guards.ts";
import { handleChatCompletions } from "./openai-chat.ts";
import type { WireProtocol } from "./wire-protocols.ts";

const createdAt = "2025-06-12T13:47:35.541Z";

export function watsonxError(status: number, code: string, message: string): Response {
  return Response.json(
    { errors: [{ code, message, more_info: "https://cloud.ibm.com/apidocs/watsonx-ai" }], trace: `mock-trace-${status}`, status_code: status },
    { status },
  );
}

const invalidToken = () => watsonxError(401, "authentication_token_not_valid", "Failed to authenticate the request due to invalid token: Failed to parse and verify token");

export const watsonxProtocol: WireProtocol = {
  rejectUnauthenticated: (request) => (bearerOf(request.headers) ? undefined : watsonxError(401, "authorization_rejected", "Failed to authenticate the request due to missing authorization header")),
  invalidJsonResponse: () => watsonxError(400, "json_type_error", "Json document validation error: the request body is not JSON"),
  unknownRouteResponse: (method, path) => watsonxError(404, "not_found", `${method} ${path} not found`),
  responseHeaders: () => ({}),
};

export async function handleWatsonxChat(context: HandlerContext): Promise<Response> {
  if (!context.cloud.isValid(bearerOf(context.headers) ?? "")) return invalidToken();
  const version = context.url.searchParams.get("version");
  if (!version) return watsonxError(400, "missing_version", "Missing version parameter");
  const body = context.body;
  if (!isJsonObject(body)) return watsonxError(400, "json_type_error", "Json document validation error: body must be an object");
  const { model_id: modelId, project_id: projectId, space_id: spaceId, tool_choice_option: toolChoiceOption, ...rest } = body;
  if (typeof modelId !== "string") return watsonxError(400, "json_validation_error", "Json document validation error: 'model_id' is a required property");
  if (typeof projectId !== "string" && typeof spaceId !== "string") return watsonxError(400, "json_validation_error", "Either 'project_id' or 'space_id' must be specified");
  for (const field of ["model", "stream", "stream_options"]) {
    if (field in rest) return watsonxError(400, "json_validation_error", `Json document validation error: '${field}' is not a valid property`);
  }
  if (typeof rest.tool_choice === "string") return watsonxError(400, "json_validation_error", "Json document validation error: 'tool_choice' must be an object; use 'tool_choice_option' for a mode");
  const stream = context.url.pathname.endsWith("_stream");
  const chatBody = { ...rest, model: modelId, ...(toolChoiceOption === undefined ? {} : { tool_choice: toolChoiceOption }), ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) };
  const answer = await handleChatCompletions({ ...context, body: chatBody });
  if (!answer.ok) {
    const error = ((await answer.json()) as { error?: { message?: string; code?: string; type?: string } }).error;
    return watsonxError(answer.status, error?.code ?? error?.type ?? "error", error?.message ?? "error");
  }
  if (!stream) return Response.json({ ...((await answer.json()) as object), model_id: modelId, created_at: createdAt });
  return new Response(answer.body!.pipeThrough(watsonxEventFraming(modelId)), { headers: { "content-type": "text/event-stream" } });
}

/** Chat Completions SSE (`data:` lines, `[DONE]`) → watsonx's numbered `event: message` SSE. */
function watsonxEventFraming(modelId: string): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffered = "";
  let eventNumber = 0;
  const reframe = (block: string): string => {
    const data = block.replace(/^data: /, "").trim();
    if (data === "" || data === "[DONE]") return "";
    const chunk = JSON.parse(data) as Record<string, unknown>;
    if (isJsonObject(chunk.error)) {
      const error = chunk.error;
      return `id: ${++eventNumber}\nevent: error\ndata: ${JSON.stringify({ errors: [{ code: String(error.code ?? error.type), message: String(error.message) }], trace: "mock-trace-stream", status_code: 500 })}\n\n`;
    }
    const { usage, system_fingerprint: _fingerprint, ...rest } = chunk;
    const event = { ...rest, model_id: modelId, created_at: createdAt, ...(usage ? { usage } : {}) };
    return `id: ${++eventNumber}\nevent: message\ndata: ${JSON.stringify(event)}\n\n`;
  };
  return new TransformStream({
    transform(bytes, controller) {
      buffered += decoder.decode(bytes, { stream: true });
      const blocks = buffered.split("\n\n");
      buffered = blocks.pop() ?? "";
      const text = blocks.map(reframe).join("");
      if (text) controller.enqueue(encoder.encode(text));
    },
    flush(controller) {
      const text = reframe(buffered);
      if (text) controller.enqueue(encoder.encode(text));
    },
  });
}
