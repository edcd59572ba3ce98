// A context-relay combo keeps a session on its target until that target's quota runs low, then continues it
// on the next target; when the next target's context window cannot hold the whole conversation, the older turns
// arrive as a compact summary and the recent turns whole.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

const catalog = createCatalog([
  {
    id: "windows",
    name: "Windows",
    family: "openai-chat",
    baseUrl: "https://windows.invalid/v1",
    auth: { style: "bearer" },
    models: [
      { id: "gpt-4o", contextWindow: 128000 },
      { id: "gpt-4o-mini", contextWindow: 600 },
    ],
  },
]);

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture({
    catalog,
    extraConfig: [
      "  - name: first",
      "    provider: windows",
      "    baseUrl: {mock}/v1",
      "    apiKey: sk-first-0123456789",
      "  - name: second",
      "    provider: windows",
      "    baseUrl: {mock}/v1",
      "    apiKey: sk-second-0123456789",
      "combos:",
      "  - name: relay",
      "    strategy: context-relay",
      "    models: [first/gpt-4o, second/gpt-4o-mini]",
      "",
    ].join("\n"),
  });
});
afterAll(() => fixture.stop());

function history(turns: number) {
  const messages: Array<{ role: "user" | "assistant"; content: string }> = [];
  for (let index = 0; index < turns; index++) {
    messages.push({ role: "user", content: `question ${index}: ${"about the project ".repeat(12)}` });
    messages.push({ role: "assistant", content: `answer ${index}: ${"here is what I found ".repeat(12)}` });
  }
  messages.push({ role: "user", content: "and the final question" });
  return messages;
}

async function send(messages: unknown[]) {
  const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-session-id": "session-relay" },
    body: JSON.stringify({ model: "relay", messages }),
  });
  return { route: response.headers.get("x-amrouter-route"), body: (await response.json()) as { choices: Array<{ message: { content: string } }> } };
}

describe("context relay", () => {
  test("a session moves on when its target's quota runs low, with older turns condensed to fit", async () => {
    expect((await send(history(1))).route).toBe("first/gpt-4o");
    fixture.gateway.runtime.selection.recordQuota("first/gpt-4o", { remaining: 2, limit: 100, resetAt: Date.now() + 60_000 });
    const relayed = await send(history(12));
    expect(relayed.route).toBe("second/gpt-4o-mini");
    expect(relayed.body.choices[0]!.message.content).toBe("Echo: and the final question");
    const sent = fixture.mock.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> };
    expect(sent.messages[0]!.content).toContain("Summary of the earlier conversation");
    expect(sent.messages[0]!.content).toContain("question 0");
    expect(sent.messages.length).toBeLessThan(25);
    expect(sent.messages.at(-1)!.content).toBe("and the final question");
    expect((await send(history(1))).route).toBe("second/gpt-4o-mini");
  });
});
