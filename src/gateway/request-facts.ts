// What routing strategies may want to know about a request, computed only when the combo's strategy uses it,
// so the common case (priority) costs nothing.
import type { JsonObject } from "../protocol/json-values.ts";
import type { RoutingRequestFacts } from "../routing/routing-strategy.ts";

const strategiesNeedingSize = new Set(["cost-optimized", "context-optimized", "auto"]);
const strategiesNeedingSession = new Set(["sticky", "context-relay"]);

function conversationStart(body: JsonObject): unknown {
  const turns = body.messages ?? body.contents ?? body.input;
  return Array.isArray(turns) ? turns.slice(0, 2) : turns;
}

export function requestFacts(strategy: string, body: JsonObject, headers: Headers, stickySessionHeader?: string): RoutingRequestFacts {
  const tools = body.tools;
  const facts: RoutingRequestFacts = {
    estimatedInputTokens: 0,
    needsTools: Array.isArray(tools) && tools.length > 0,
    needsVision: false,
  };
  const maxOutput = body.max_tokens ?? body.max_completion_tokens ?? body.max_output_tokens ?? (body.generationConfig as JsonObject | undefined)?.maxOutputTokens;
  if (typeof maxOutput === "number") facts.maxOutputTokens = maxOutput;
  if (strategiesNeedingSize.has(strategy)) {
    const text = JSON.stringify(body);
    facts.estimatedInputTokens = Math.ceil(text.length / 4);
    facts.needsVision = /"(image_url|input_image|inlineData|image)"/.test(text);
  }
  if (strategiesNeedingSession.has(strategy)) {
    facts.sessionKey = (stickySessionHeader ? headers.get(stickySessionHeader) : null) ?? headers.get("x-amrouter-session") ?? headers.get("x-session-id") ?? undefined;
    facts.conversationKey = new Bun.CryptoHasher("sha256").update(JSON.stringify(conversationStart(body) ?? "")).digest("base64url").slice(0, 22);
  }
  return facts;
}
