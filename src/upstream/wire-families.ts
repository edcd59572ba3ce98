// What the upstream side knows about each wire family: which client headers it may receive, and the headers it
// always needs. Per-provider differences stay in the catalog (providers/); this is per protocol.
export type WireFamilyTraits = {
  /** Client headers forwarded to upstreams of this family (an allow-list). */
  forwardedHeaders: readonly string[];
  /** Sent when the client did not send them. */
  defaultHeaders: Readonly<Record<string, string>>;
};

const openAITraits: WireFamilyTraits = { forwardedHeaders: ["accept-language", "openai-beta"], defaultHeaders: {} };

export const wireFamilyTraits: Readonly<Record<string, WireFamilyTraits>> = {
  "openai-chat": openAITraits,
  "openai-responses": openAITraits,
  anthropic: { forwardedHeaders: ["anthropic-version", "anthropic-beta"], defaultHeaders: { "anthropic-version": "2023-06-01" } },
  gemini: { forwardedHeaders: [], defaultHeaders: {} },
  ollama: { forwardedHeaders: [], defaultHeaders: {} },
  cohere: { forwardedHeaders: [], defaultHeaders: {} },
  "bedrock-converse": { forwardedHeaders: [], defaultHeaders: {} },
};

export const defaultWireFamilyTraits: WireFamilyTraits = { forwardedHeaders: [], defaultHeaders: {} };
