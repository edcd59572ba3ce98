// The OpenAI Responses surface: POST /v1/responses (Codex CLI, the Vercel AI SDK, openai.responses). A
// `previous_response_id` is resolved from the gateway's own conversation store, so multi-turn works against
// any provider; a response id the gateway never served is a 404, as OpenAI answers.
import { Elysia, t, type Static } from "elysia";
import { NotFoundError } from "../errors/gateway-errors.ts";
import { createConversationStore } from "../gateway/conversation-store.ts";
import type { GatewayRuntime } from "../gateway/gateway-runtime.ts";
import { handleModelRequest } from "../gateway/handle-model-request.ts";
import { codecFor } from "../protocol/codecs.ts";
import type { IrRequest, IrResponse } from "../protocol/ir.ts";
import { responseIdFrom } from "../protocol/openai-responses/identifiers.ts";
import { authenticateClient } from "./plugins/client-auth.ts";

const ResponsesSchema = t.Object(
  {
    model: t.String({ minLength: 1 }),
    input: t.Optional(t.Union([t.String(), t.Array(t.Any())])),
    stream: t.Optional(t.Boolean()),
    previous_response_id: t.Optional(t.Union([t.String({ minLength: 1 }), t.Null()])),
    store: t.Optional(t.Boolean()),
  },
  { additionalProperties: true },
);

export function responsesRoutes(runtime: GatewayRuntime) {
  const conversations = createConversationStore();
  const create = ({ body, request }: { body: Static<typeof ResponsesSchema>; request: Request }) => {
    const apiKey = authenticateClient(runtime, request);
    const previousId = body.previous_response_id ?? undefined;
    const prepareIr = previousId
      ? (ir: IrRequest): IrRequest => {
          const history = conversations.get(previousId);
          if (!history) throw new NotFoundError(`Previous response with id '${previousId}' not found.`, "previous_response_not_found", "previous_response_id");
          return { ...ir, messages: [...history, ...ir.messages], previousResponseId: undefined };
        }
      : undefined;
    const onComplete = (response: IrResponse, ir: IrRequest | undefined) => {
      if (body.store === false) return;
      const sent = ir ?? codecFor("openai-responses")!.decodeRequest(body);
      conversations.put(responseIdFrom(response.id), [...sent.messages, { role: "assistant", parts: response.parts }]);
    };
    return handleModelRequest(runtime, { apiKey, format: "openai-responses", body, requestedModel: body.model, stream: body.stream === true, request, prepareIr, onComplete });
  };
  return new Elysia({ name: "responses-surface" }).post("/v1/responses", create, { body: ResponsesSchema, parse: "json" }).post("/responses", create, { body: ResponsesSchema, parse: "json" });
}
