// A combo from the config file is a model clients can name; a failing target falls through to the next one
// before any byte reaches the client, and a client error does not burn through the rest.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture({
    extraConfig: [
      "combos:",
      "  - name: resilient",
      "    models: [mock/error-503, mock/rate-limit, mock/gpt-4o-mini]",
      "  - name: strict",
      "    models: [mock/error-400, mock/gpt-4o-mini]",
      "  - name: all-down",
      "    models: [mock/error-500, mock/error-503]",
      "  - name: lenient",
      "    fallThroughStatuses: [400]",
      "    models: [mock/error-400, mock/gpt-4o-mini]",
      "  - name: pinned",
      "    strategy: sticky",
      "    stickySessionHeader: x-conversation",
      "    models: [mock/error-503, mock/gpt-4o]",
      "",
    ].join("\n"),
  });
});
afterAll(() => fixture.stop());

const messages = [{ role: "user" as const, content: "fall back please" }];

describe("combos", () => {
  test("falls through 503 and 429 to the healthy target, for JSON and streams", async () => {
    const { data, response } = await fixture.client().chat.completions.create({ model: "resilient", messages }).withResponse();
    expect(data.choices[0]!.message.content).toBe("Echo: fall back please");
    expect(response.headers.get("x-amrouter-route")).toBe("mock/gpt-4o-mini");
    expect(response.headers.get("x-amrouter-attempts")).toBe("3");
    let text = "";
    for await (const chunk of await fixture.client().chat.completions.create({ model: "combo:resilient", messages, stream: true })) {
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(text).toBe("Echo: fall back please");
  });

  test("a 400 from the first target is returned as is, without trying the rest", async () => {
    const before = fixture.mock.requests.length;
    const error = await fixture.client().chat.completions.create({ model: "combo/strict", messages }).catch((caught) => caught);
    expect(error.status).toBe(400);
    expect(fixture.mock.requests.length - before).toBe(1);
  });

  test("with every target down the client gets an error naming what was tried", async () => {
    const error = await fixture.client().chat.completions.create({ model: "all-down", messages }).catch((caught) => caught);
    expect(error.status).toBe(503);
    expect(String(error.message)).toContain("mock/error-500");
    expect(String(error.message)).toContain("mock/error-503");
  });

  test("combos are listed as models", async () => {
    const ids: string[] = [];
    for await (const model of fixture.client().models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(["resilient", "strict", "all-down"]));
  });

  test("a combo's own fall-through statuses replace the defaults", async () => {
    const { response } = await fixture.client().chat.completions.create({ model: "lenient", messages }).withResponse();
    expect(response.headers.get("x-amrouter-route")).toBe("mock/gpt-4o-mini");
  });

  test("a sticky combo keeps a session (by its own header) on the target that served it", async () => {
    const calls = () => fixture.mock.requests.filter((request) => (request.body as { model?: string } | null)?.model === "error-503").length;
    const send = (session: string) =>
      fetch(`${fixture.gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-conversation": session },
        body: JSON.stringify({ model: "pinned", messages }),
      }).then((response) => response.headers.get("x-amrouter-route"));
    const start = calls();
    expect(await send("session-one")).toBe("mock/gpt-4o");
    expect(calls()).toBe(start + 1);
    expect(await send("session-one")).toBe("mock/gpt-4o");
    expect(calls()).toBe(start + 1);
    expect(await send("session-two")).toBe("mock/gpt-4o");
    expect(calls()).toBe(start + 2);
  });
});
