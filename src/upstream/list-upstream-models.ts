// Asks a connection's upstream which models it serves, in its family's own listing format (data per family:
// the path and where the ids are), for background model discovery and `amrouter providers test`.
import type { Connection } from "../gateway/connection-registry.ts";
import { asArray, asObject, asString } from "../protocol/json-values.ts";
import { sendUpstream } from "./send-upstream.ts";

type Listing = { path: string; ids(body: unknown): Array<string | undefined> };

const openAIListing: Listing = { path: "/models", ids: (body) => asArray(asObject(body).data).map((model) => asString(asObject(model).id)) };

const listings: Readonly<Record<string, Listing>> = {
  "openai-chat": openAIListing,
  "openai-responses": openAIListing,
  "azure-openai": openAIListing,
  anthropic: { path: "/v1/models", ids: openAIListing.ids },
  gemini: {
    path: "/v1beta/models",
    ids: (body) =>
      asArray(asObject(body).models)
        .map(asObject)
        .filter((model) => !Array.isArray(model.supportedGenerationMethods) || model.supportedGenerationMethods.includes("generateContent"))
        .map((model) => asString(model.name)?.replace(/^models\//, "")),
  },
  ollama: { path: "/api/tags", ids: (body) => asArray(asObject(body).models).map((model) => asString(asObject(model).model) ?? asString(asObject(model).name)) },
};

export function canListModels(connection: Connection): boolean {
  return listings[connection.provider.family] !== undefined && !connection.provider.quirks?.noModelsEndpoint;
}

/** The model ids the upstream reports; throws when it cannot be asked or does not answer. */
export async function listUpstreamModels(connection: Connection, timeoutMs: number): Promise<string[]> {
  const listing = listings[connection.provider.family];
  if (!listing || connection.provider.quirks?.noModelsEndpoint) return [];
  const response = await sendUpstream({ connection, method: "GET", path: listing.path, timeoutMs });
  return listing.ids(await response.json()).filter((id): id is string => typeof id === "string" && id.length > 0);
}
