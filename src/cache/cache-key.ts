// The response cache's key: a SHA-256 of the normalized request, so exactly the requests that must get the same
// answer share an entry. The client format and the requested model are part of it; so is every body field,
// except the top-level ones below that never change what the model answers:
//
//   stream, stream_options        how the answer is delivered, not what it is (a hit is replayed either way)
//   user, safety_identifier       end-user identifiers for abuse tracking
//   metadata                      caller tags (OpenAI, Responses) and Anthropic's metadata.user_id
//   store                         whether the provider keeps the response
//   service_tier                  the provider's processing lane and price
//   prompt_cache_key,             hints for the provider's own prompt cache
//   prompt_cache_retention
//
// `previous_response_id` is kept on purpose: it brings a different conversation, so a different answer.
// Nested fields of the same names (a tool schema's `metadata` property) are kept: only the top level is read.
import { canonicalJson } from "./canonical-json.ts";

export const fieldsExcludedFromCacheKey: readonly string[] = [
  "stream",
  "stream_options",
  "user",
  "safety_identifier",
  "metadata",
  "store",
  "service_tier",
  "prompt_cache_key",
  "prompt_cache_retention",
];

const excluded = new Set(fieldsExcludedFromCacheKey);

/**
 * `partition` separates entries that must not be shared although their bodies match, e.g. an API key id to keep
 * tenants apart, or an `anthropic-beta` header value. Empty by default: identical requests share one entry.
 */
export function cacheKeyFor(format: string, requestedModel: string, body: Record<string, unknown>, partition = ""): string {
  const answerFields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) if (!excluded.has(name)) answerFields[name] = value;
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(canonicalJson({ format, model: requestedModel, partition, body: answerFields }));
  return hasher.digest("hex");
}
