// What every cross-format suite (conformance, extra and cloud families) drives: the four client surfaces through
// their official SDKs, and the tools its tool-calling scenarios offer.
import { anthropicClient } from "./clients/anthropic-client.ts";
import { geminiClient } from "./clients/gemini-client.ts";
import { openAIChatClient } from "./clients/openai-chat-client.ts";
import { openAIResponsesClient } from "./clients/openai-responses-client.ts";
import type { ClientAdapter, ScenarioTool } from "./scenario.ts";

export const everyClient: Array<[string, (url: string) => ClientAdapter]> = [
  ["openai-chat", openAIChatClient],
  ["openai-responses", openAIResponsesClient],
  ["anthropic", anthropicClient],
  ["gemini", geminiClient],
];

export const searchTool: ScenarioTool = { name: "search_docs", description: "Search the docs", parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } };
export const readTool: ScenarioTool = { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } } } };
