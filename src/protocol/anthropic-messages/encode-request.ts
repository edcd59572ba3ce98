// IR request → Anthropic Messages upstream body (path /v1/messages). Messages, max_tokens and thinking are
// built by their own modules; this file assembles the body and applies Anthropic's compatibility rules.
import type { EncodedUpstreamRequest, UpstreamTarget } from "../format-codec.ts";
import type { IrRequest, IrTool, IrToolChoice } from "../ir.ts";
import { encodeText } from "./encode-content.ts";
import { encodeMessages, toolLoopLacksThinking } from "./encode-messages.ts";
import { encodeOutputBudget } from "./encode-output-budget.ts";
import type { AnthropicRequestBody, AnthropicTextBlock, AnthropicTool, AnthropicToolChoice } from "./schema-types.ts";

/** Added to the system prompt for `json_object`, which Anthropic has no switch for. */
export const jsonObjectInstruction = "Respond with a JSON object.";

function encodeSystem(request: IrRequest): AnthropicTextBlock[] {
  const blocks = request.system.flatMap((part) => encodeText(part) ?? []);
  if (request.responseFormat?.type === "json_object") blocks.push({ type: "text", text: jsonObjectInstruction });
  return blocks;
}

function encodeTool(tool: IrTool): AnthropicTool {
  const encoded: AnthropicTool = { name: tool.name, input_schema: { type: "object", ...tool.parameters } };
  if (tool.description !== undefined) encoded.description = tool.description;
  if (tool.strict !== undefined) encoded.strict = tool.strict;
  if (tool.cacheControl !== undefined) encoded.cache_control = tool.cacheControl;
  return encoded;
}

function encodeToolChoice(choice: IrToolChoice | undefined, parallelToolCalls: boolean | undefined): AnthropicToolChoice | undefined {
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  switch (choice?.type) {
    case "none":
      return { type: "none" };
    case "required":
      return { type: "any", ...disableParallel };
    case "tool":
      return { type: "tool", name: choice.name, ...disableParallel };
    default:
      return choice?.type === "auto" || parallelToolCalls === false ? { type: "auto", ...disableParallel } : undefined;
  }
}

export function encodeAnthropicRequest(request: IrRequest, target: UpstreamTarget): EncodedUpstreamRequest {
  const messages = encodeMessages(request.messages);
  const hasTools = (request.tools?.length ?? 0) > 0;
  const toolChoice = hasTools ? encodeToolChoice(request.toolChoice, request.parallelToolCalls) : undefined;
  // Thinking is incompatible with forced tool use and with a tool loop that has no thinking block to replay.
  const forcedTool = toolChoice?.type === "any" || toolChoice?.type === "tool";
  const output = encodeOutputBudget(request, target.maxOutputTokens, !forcedTool && !toolLoopLacksThinking(messages));
  const thinkingOn = output.thinking !== undefined && output.thinking.type !== "disabled";

  const body: AnthropicRequestBody = { model: target.model, max_tokens: output.maxTokens, messages };
  const system = encodeSystem(request);
  if (system.length > 0) body.system = system;
  if (hasTools) body.tools = request.tools!.map(encodeTool);
  if (toolChoice) body.tool_choice = toolChoice;
  if (output.thinking) body.thinking = output.thinking;
  const format = request.responseFormat?.type === "json_schema" ? { type: "json_schema" as const, schema: request.responseFormat.schema } : undefined;
  if (output.effort || format) body.output_config = { ...(output.effort ? { effort: output.effort } : {}), ...(format ? { format } : {}) };

  // Anthropic's temperature range is 0–1 (OpenAI's 0–2); with thinking on, temperature and top_k must stay
  // default and top_p may only be 0.95–1, so those are left out rather than failing the request.
  if (request.temperature !== undefined && !thinkingOn) body.temperature = Math.min(1, Math.max(0, request.temperature));
  if (request.topP !== undefined && (!thinkingOn || request.topP >= 0.95)) body.top_p = request.topP;
  if (request.topK !== undefined && !thinkingOn) body.top_k = request.topK;
  const stop = request.stop?.filter((sequence) => sequence.trim() !== "");
  if (stop && stop.length > 0) body.stop_sequences = stop;
  if (request.stream) body.stream = true;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  return { path: "/v1/messages", body };
}
