// IrRequest → a POST /responses body for a Responses API upstream. Settings the API lacks (stop sequences,
// penalties, seed, top_k) are dropped. When reasoning is asked for, the request runs stateless: the upstream is
// told not to store it and to return encrypted reasoning, which the gateway replays on the next turn.
import type { EncodedUpstreamRequest, UpstreamTarget } from "../format-codec.ts";
import type { IrRequest } from "../ir.ts";
import { encodeInputItems } from "./encode-input-items.ts";
import type { ResponsesRequestBody } from "./schema-types.ts";
import { encodeTextFormat } from "./text-format.ts";
import { encodeToolChoice, encodeTools } from "./tool-definitions.ts";

/** The Responses API rejects a max_output_tokens below 16. */
const minimumOutputTokens = 16;

export function encodeResponsesRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const body: ResponsesRequestBody = { model: target.model, input: encodeInputItems(request.messages), stream: request.stream };
  const instructions = request.system.map((part) => part.text).filter((text) => text !== "").join("\n\n");
  if (instructions) body.instructions = instructions;

  if (request.tools && request.tools.length > 0) body.tools = encodeTools(request.tools);
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.responseFormat) body.text = { format: encodeTextFormat(request.responseFormat) };

  const maxOutputTokens = clampOutputTokens(request.maxOutputTokens, target.maxOutputTokens);
  if (maxOutputTokens !== undefined) body.max_output_tokens = maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.store !== undefined) body.store = request.store;
  if (request.user !== undefined) body.user = request.user;
  const metadata = stringMetadata(request.metadata);
  if (metadata) body.metadata = metadata;

  const reasoning = encodeReasoning(request.reasoning);
  if (reasoning) {
    body.reasoning = reasoning;
    if (reasoning.effort !== "none") {
      body.include = ["reasoning.encrypted_content"];
      if (request.store !== true) body.store = false;
    }
  }
  return { path: "/responses", body };
}

function clampOutputTokens(requested: number | undefined, limit: number | undefined): number | undefined {
  if (requested === undefined) return undefined;
  const clamped = limit !== undefined ? Math.min(requested, limit) : requested;
  return Math.max(minimumOutputTokens, Math.floor(clamped));
}

/** Effort as given, or derived from a thinking budget (Anthropic/Gemini clients); a summary when thoughts are shown. */
function encodeReasoning(reasoning: IrRequest["reasoning"]): ResponsesRequestBody["reasoning"] {
  if (!reasoning || reasoning.enabled === false) return undefined;
  const encoded: NonNullable<ResponsesRequestBody["reasoning"]> = {};
  const effort = reasoning.effort ?? effortForBudget(reasoning.budgetTokens);
  if (effort !== undefined) encoded.effort = effort;
  if (reasoning.includeThoughts) encoded.summary = "auto";
  if (encoded.effort === undefined && encoded.summary === undefined && reasoning.enabled !== true) return undefined;
  return encoded;
}

function effortForBudget(budgetTokens: number | undefined): string | undefined {
  if (budgetTokens === undefined) return undefined;
  if (budgetTokens <= 0) return "none";
  if (budgetTokens < 4096) return "low";
  if (budgetTokens < 16384) return "medium";
  return "high";
}

/** Responses metadata holds strings only; other values are left out. */
function stringMetadata(metadata: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!metadata) return undefined;
  const entries = Object.entries(metadata).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
