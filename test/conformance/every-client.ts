// What every cross-format suite (conformance, extra and cloud families) drives: the four client surfaces through
// their official SDKs, the tools its tool-calling scenarios offer, how it reads the status of a refused call, and
// the upstream failures each checks the same way.
import { expect, test } from "bun:test";
import type { GatewayFixture } from "../support/gateway-fixture.ts";
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

type FailureContext = {
  client: () => ClientAdapter;
  /** The gateway model id that makes the mock upstream play `scenario`. */
  model: (scenario: string) => string;
  stream: boolean;
  fixture: () => GatewayFixture;
};

/** Upstream 400, 500 (recorded as such) and 429 reach the client with their status. */
export function upstreamErrorStatusTest({ client, model, stream, fixture }: FailureContext): void {
  test("upstream 400, 500 and 429 reach the client with their status", async () => {
    expect(await statusOf(client().run({ model: model("error-400"), prompt: "bad" }, stream))).toBe(400);
    const before = fixture().usageRecords.length;
    expect(await statusOf(client().run({ model: model("error-500"), prompt: "boom" }, stream))).toBe(500);
    expect(await fixture().nextUsageRecord(before)).toMatchObject({ status: 500, attempts: 1 });
    expect(await statusOf(client().run({ model: model("rate-limit"), prompt: "slow down" }, stream))).toBe(429);
  });
}

/** A stream the upstream breaks off fails the client's stream instead of leaving it hanging. */
export function midStreamErrorTest({ client, model, stream }: FailureContext): void {
  if (!stream) return;
  test("an error mid-stream ends the client's stream with an error, not a hang", async () => {
    const outcome = await client().run({ model: model("mid-stream-error"), prompt: "one two three four five six" }, stream).then(
      () => "completed",
      () => "failed",
    );
    expect(outcome).toBe("failed");
  });
}
