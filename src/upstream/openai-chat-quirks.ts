// Applies a provider's quirk flags (catalog data) to an OpenAI-format chat body before it goes upstream.
import type { Quirks } from "../catalog/provider-schema.ts";

type ChatBody = Record<string, unknown>;

export function applyChatQuirks(body: ChatBody, quirks: Quirks | undefined): ChatBody {
  if (!quirks) return body;
  let result = body;
  if (quirks.maxTokensField === "max_tokens" && result.max_completion_tokens !== undefined) {
    const { max_completion_tokens, ...rest } = result;
    result = { ...rest, max_tokens: result.max_tokens ?? max_completion_tokens };
  } else if (quirks.maxTokensField === "max_completion_tokens" && result.max_tokens !== undefined) {
    const { max_tokens, ...rest } = result;
    result = { ...rest, max_completion_tokens: result.max_completion_tokens ?? max_tokens };
  }
  if ((quirks.developerAsSystem || quirks.noSystemRole) && Array.isArray(result.messages)) {
    result = { ...result, messages: result.messages.map((message) => rewriteRole(message, quirks)) };
  }
  if (quirks.noStreamUsage && result.stream_options !== undefined) {
    const { stream_options, ...rest } = result;
    result = rest;
  }
  return result;
}

function rewriteRole(message: unknown, quirks: Quirks): unknown {
  if (!message || typeof message !== "object") return message;
  const role = (message as { role?: unknown }).role;
  if (quirks.developerAsSystem && role === "developer") return { ...message, role: quirks.noSystemRole ? "user" : "system" };
  if (quirks.noSystemRole && role === "system") return { ...message, role: "user" };
  return message;
}
