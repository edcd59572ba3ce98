// The OpenAI-compatible surface: chat completions, embeddings and the model list, validated with TypeBox and
// handed to the gateway core.
import { Elysia, t, type Static } from "elysia";
import { NotFoundError } from "../errors/gateway-errors.ts";
import { anthropicModelList, geminiModel, geminiModelList, modelEntries, openAIModelList } from "../gateway/list-models.ts";
import type { GatewayRuntime } from "../gateway/gateway-runtime.ts";
import { handleModelRequest } from "../gateway/handle-model-request.ts";
import { proxyEmbeddings, type EmbeddingsBody } from "../gateway/proxy-embeddings.ts";
import { authenticateClient } from "./plugins/client-auth.ts";

const ChatCompletionSchema = t.Object(
  {
    model: t.String({ minLength: 1 }),
    messages: t.Array(t.Object({ role: t.String() }, { additionalProperties: true }), { minItems: 1 }),
    stream: t.Optional(t.Boolean()),
    stream_options: t.Optional(t.Object({ include_usage: t.Optional(t.Boolean()) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

const EmbeddingsSchema = t.Object(
  {
    model: t.String({ minLength: 1 }),
    input: t.Union([t.String(), t.Array(t.String()), t.Array(t.Number()), t.Array(t.Array(t.Number()))]),
    encoding_format: t.Optional(t.Union([t.Literal("float"), t.Literal("base64")])),
  },
  { additionalProperties: true },
);

export function openAIRoutes(runtime: GatewayRuntime) {
  const chat = ({ body, request }: { body: Static<typeof ChatCompletionSchema>; request: Request }) => {
    const apiKey = authenticateClient(runtime, request);
    return handleModelRequest(runtime, {
      apiKey,
      format: "openai-chat",
      body,
      requestedModel: body.model,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      request,
    });
  };
  const embeddings = ({ body, request }: { body: EmbeddingsBody; request: Request }) => {
    return proxyEmbeddings(runtime, body, request, authenticateClient(runtime, request));
  };
  /** /v1/models is shared by three SDKs; each is told apart by the way it authenticates. */
  const clientFamily = (request: Request) =>
    request.headers.has("x-goog-api-key") || new URL(request.url).searchParams.has("key") ? "gemini" : request.headers.has("anthropic-version") ? "anthropic" : "openai";
  const models = ({ request }: { request: Request }) => {
    authenticateClient(runtime, request);
    const entries = modelEntries(runtime);
    const family = clientFamily(request);
    return family === "gemini" ? geminiModelList(entries) : family === "anthropic" ? anthropicModelList(entries) : openAIModelList(entries);
  };
  const model = ({ request, params }: { request: Request; params: { "*": string } }) => {
    authenticateClient(runtime, request);
    const id = decodeURIComponent(params["*"]).replace(/^models\//, "");
    const entry = modelEntries(runtime).find((candidate) => candidate.id === id);
    if (!entry) throw new NotFoundError(`The model "${id}" does not exist here.`, "model_not_found", "model");
    const family = clientFamily(request);
    if (family === "gemini") return geminiModel(entry);
    if (family === "anthropic") return anthropicModelList([entry]).data[0];
    return openAIModelList([entry]).data[0];
  };
  return new Elysia({ name: "openai-surface" })
    .post("/v1/chat/completions", chat, { body: ChatCompletionSchema, parse: "json" })
    .post("/chat/completions", chat, { body: ChatCompletionSchema, parse: "json" })
    .post("/v1/embeddings", embeddings, { body: EmbeddingsSchema, parse: "json" })
    .post("/embeddings", embeddings, { body: EmbeddingsSchema, parse: "json" })
    .get("/v1/models", models)
    .get("/models", models)
    .get("/v1/models/*", model);
}
