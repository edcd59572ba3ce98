// POST /api/playground: the dashboard's playground sends a request body in any client format (OpenAI Chat,
// Responses, Anthropic Messages, Gemini) to any model or combo, through the same core a client reaches, and gets
// the answer exactly as that client would: JSON, or the stream in that format's framing.
import { t } from "elysia";
import type { GatewayRuntime } from "../../gateway/gateway-runtime.ts";
import { handleModelRequest } from "../../gateway/handle-model-request.ts";
import type { FormatId } from "../../protocol/ir.ts";
import type { JsonObject } from "../../protocol/json-values.ts";
import { adminPlugin } from "./admin-plugin.ts";

const Format = t.Union([t.Literal("openai-chat"), t.Literal("openai-responses"), t.Literal("anthropic"), t.Literal("gemini")]);

export function playgroundRoutes(runtime: GatewayRuntime) {
  return adminPlugin(runtime, "admin-playground").post(
    "/api/playground",
    ({ body, request }) => {
      const format: FormatId = body.format;
      const payload = { ...body.body } as JsonObject;
      if (format !== "gemini") {
        payload.model = body.model;
        payload.stream = body.stream;
      }
      const includeUsage = format === "openai-chat" && body.stream;
      if (includeUsage) payload.stream_options = { include_usage: true };
      return handleModelRequest(runtime, {
        format,
        body: payload,
        requestedModel: body.model,
        stream: body.stream,
        includeUsage,
        framing: format === "gemini" ? "sse" : undefined,
        passthrough: format === "gemini" ? { stream: body.stream, geminiMethod: body.stream ? "streamGenerateContent?alt=sse" : "generateContent" } : undefined,
        request,
      });
    },
    {
      body: t.Object(
        {
          format: Format,
          model: t.String({ minLength: 1, maxLength: 400, description: "connection/model, provider/model, a combo or a bare model" }),
          stream: t.Boolean(),
          body: t.Record(t.String(), t.Unknown(), { description: "the request body in that format (model and stream are set from the fields above)" }),
        },
        { additionalProperties: false },
      ),
      detail: { tags: ["Playground"], summary: "Send a request in any client format to any model or combo, answered as that client would see it" },
    },
  );
}
