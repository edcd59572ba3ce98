// The Gemini surface: generateContent and streamGenerateContent (SSE with ?alt=sse, a JSON array without),
// countTokens and the model list, under /v1beta and /v1. Model ids may hold a slash (`conn/model`), because
// clients put them in the path unencoded.
import { Elysia } from "elysia";
import { InvalidRequestError, NotFoundError } from "../errors/gateway-errors.ts";
import { estimateRequestTokens } from "../gateway/estimate-tokens.ts";
import type { GatewayRuntime } from "../gateway/gateway-runtime.ts";
import { handleModelRequest } from "../gateway/handle-model-request.ts";
import { geminiModel, geminiModelList, modelEntries } from "../gateway/list-models.ts";
import { codecFor } from "../protocol/codecs.ts";
import { isObject } from "../protocol/json-values.ts";
import { authenticateClient } from "./plugins/client-auth.ts";

const methodPattern = /^(.+):(generateContent|streamGenerateContent|countTokens)$/;

function splitModelPath(path: string): { model: string; method: string } | undefined {
  const match = methodPattern.exec(decodeURIComponent(path));
  if (!match) return undefined;
  return { model: match[1]!.replace(/^models\//, ""), method: match[2]! };
}

export function geminiRoutes(runtime: GatewayRuntime) {
  const call = async ({ params, request, body }: { params: { "*": string }; request: Request; body: unknown }) => {
    const apiKey = authenticateClient(runtime, request);
    const target = splitModelPath(params["*"]);
    if (!target) throw new NotFoundError(`Unknown method in "${params["*"]}". Use {model}:generateContent, :streamGenerateContent or :countTokens.`, "not_found");
    if (!isObject(body)) throw new InvalidRequestError("The request body must be a JSON object.", "invalid_type");
    if (target.method === "countTokens") {
      const contents = isObject(body.generateContentRequest) ? body.generateContentRequest : body;
      return { totalTokens: estimateRequestTokens(codecFor("gemini")!.decodeRequest(contents)) };
    }
    const stream = target.method === "streamGenerateContent";
    const sse = new URL(request.url).searchParams.get("alt") === "sse";
    return handleModelRequest(runtime, {
      apiKey,
      format: "gemini",
      body,
      requestedModel: target.model,
      stream,
      framing: stream && !sse ? "json-array" : "sse",
      passthrough: { stream, geminiMethod: stream ? (sse ? "streamGenerateContent?alt=sse" : "streamGenerateContent") : "generateContent" },
      request,
    });
  };
  const list = ({ request }: { request: Request }) => {
    authenticateClient(runtime, request);
    return geminiModelList(modelEntries(runtime));
  };
  const getModel = ({ params, request }: { params: { "*": string }; request: Request }) => {
    authenticateClient(runtime, request);
    const id = decodeURIComponent(params["*"]).replace(/^models\//, "");
    const entry = modelEntries(runtime).find((candidate) => candidate.id === id);
    if (!entry) throw new NotFoundError(`Model "${id}" does not exist here.`, "model_not_found");
    return geminiModel(entry);
  };
  return new Elysia({ name: "gemini-surface" })
    .post("/v1beta/models/*", call, { parse: "json" })
    .post("/v1/models/*", call, { parse: "json" })
    .get("/v1beta/models", list)
    .get("/v1beta/models/*", getModel);
}
