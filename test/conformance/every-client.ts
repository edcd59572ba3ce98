// What every cross-format suite (conformance, extra and cloud families) drives: the four client surfaces through
// their official SDKs, the tools its tool-calling scenarios offer, and how it reads the status of a refused call.
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

/** The HTTP status an SDK call failed with (each SDK reports it its own way), or undefined when it succeeded. */
export async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const status = (error as { status?: number; code?: number }).status ?? (error as { code?: number }).code;
    if (typeof status === "number") return status;
    const match = /"code":\s*(\d{3})|got status: (\d{3})|^(\d{3})/.exec(String((error as Error).message));
    return match ? Number(match[1] ?? match[2] ?? match[3]) : -1;
  }
}
