// Google Vertex AI: models of several publishers under one project and location. Google's Gemini models speak
// the Gemini format at `/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent`
// (`:streamGenerateContent?alt=sse`); Anthropic's Claude models speak Messages at `…/publishers/anthropic/models/
// {model}:rawPredict` (`:streamRawPredict`) with the API version in the body instead of a model. The publisher is
// catalog data (a model's `publisher`, else the provider's `modelPublishers` prefixes). The credential is an access
// token (`gcloud auth print-access-token`) sent as is, or a service-account key exchanged for one.
import type { Connection } from "../../gateway/connection-registry.ts";
import { exchangeServiceAccountKey, parseServiceAccountKey } from "../../oauth/service-account-key.ts";
import type { EncodedUpstreamRequest } from "../../protocol/format-codec.ts";
import type { FormatId } from "../../protocol/ir.ts";
import { asObject } from "../../protocol/json-values.ts";
import { exchangedAccessToken, requiredSetting, type FamilyCall, type FamilyDriver, type UpstreamAccess } from "./family-driver.ts";

const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
const defaultPublisher = "google";

type PublisherRoute = { format: FormatId; address(encoded: EncodedUpstreamRequest, modelUrl: string, stream: boolean): EncodedUpstreamRequest };

const publisherRoutes: Readonly<Record<string, PublisherRoute>> = {
  google: {
    format: "gemini",
    // The codec's (or the Gemini client's) method and query, e.g. `streamGenerateContent?alt=sse`, kept as is.
    address: (encoded, modelUrl) => ({ path: `${modelUrl}:${encoded.path.slice(encoded.path.lastIndexOf(":") + 1)}`, body: encoded.body }),
  },
  anthropic: {
    format: "anthropic",
    address: (encoded, modelUrl, stream) => {
      const { model: _model, ...body } = asObject(encoded.body);
      return { path: `${modelUrl}:${stream ? "streamRawPredict" : "rawPredict"}`, body: { anthropic_version: "vertex-2023-10-16", ...body } };
    },
  },
};

function publisherOf(connection: Connection, model: string): string {
  const listed = connection.provider.models.find((entry) => entry.id === model)?.publisher;
  if (listed) return listed;
  for (const [prefix, publisher] of Object.entries(connection.provider.modelPublishers ?? {})) if (model.startsWith(prefix)) return publisher;
  return defaultPublisher;
}

async function access(call: FamilyCall): Promise<UpstreamAccess> {
  const { connection } = call;
  const key = parseServiceAccountKey(connection.credential);
  const project = requiredSetting(connection, "project", connection.settings.project ?? key?.projectId, "set it to the Google Cloud project id (a service-account key names its own).");
  const values = { project, location: requiredSetting(connection, "location", connection.settings.location, "set it to a Google Cloud region or global.") };
  if (!key) return { values };
  const accessToken = await exchangedAccessToken(connection, () => exchangeServiceAccountKey(key, cloudPlatformScope, { timeoutMs: call.timeoutMs, signal: call.signal }));
  return { accessToken, values };
}

export const vertexDriver: FamilyDriver = {
  formatFor: (connection, model) => publisherRoutes[publisherOf(connection, model)]?.format,
  access,
  address(encoded, call, { values }) {
    const publisher = publisherOf(call.connection, call.model);
    const modelUrl = `/v1/projects/${encodeURIComponent(values.project ?? "")}/locations/${encodeURIComponent(values.location ?? "")}/publishers/${publisher}/models/${call.model}`;
    return publisherRoutes[publisher]!.address(encoded, modelUrl, call.stream);
  },
};
