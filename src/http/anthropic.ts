// The Anthropic Messages surface: POST /v1/messages (Claude Code, the Anthropic SDKs) and count_tokens.
// Auth by x-api-key or Bearer; any anthropic-version is accepted.
import { Elysia, t, type Static } from "elysia";
import { estimateRequestTokens } from "../gateway/estimate-tokens.ts";
import type { GatewayRuntime } from "../gateway/gateway-runtime.ts";
import { handleModelRequest } from "../gateway/handle-model-request.ts";
import { codecFor } from "../protocol/codecs.ts";
import { authenticateClient } from "./plugins/client-auth.ts";

const MessagesSchema = t.Object(
  {
    model: t.String({ minLength: 1 }),
    max_tokens: t.Integer({ minimum: 1 }),
    messages: t.Array(t.Object({ role: t.String() }, { additionalProperties: true })),
    stream: t.Optional(t.Boolean()),
  },
  { additionalProperties: true },
);

const CountTokensSchema = t.Object(
  { model: t.String({ minLength: 1 }), messages: t.Array(t.Object({ role: t.String() }, { additionalProperties: true })) },
  { additionalProperties: true },
);

export function anthropicRoutes(runtime: GatewayRuntime) {
  const messages = ({ body, request }: { body: Static<typeof MessagesSchema>; request: Request }) => {
    const apiKey = authenticateClient(runtime, request);
    return handleModelRequest(runtime, {
      apiKey, format: "anthropic", body, requestedModel: body.model, stream: body.stream === true, request });
  };
  const countTokens = ({ body, request }: { body: Static<typeof CountTokensSchema>; request: Request }) => {
    authenticateClient(runtime, request);
    const ir = codecFor("anthropic")!.decodeRequest({ max_tokens: 1, ...body });
    return { input_tokens: estimateRequestTokens(ir) };
  };
  return new Elysia({ name: "anthropic-surface" })
    .post("/v1/messages", messages, { body: MessagesSchema, parse: "json" })
    .post("/v1/messages/count_tokens", countTokens, { body: CountTokensSchema, parse: "json" });
}
