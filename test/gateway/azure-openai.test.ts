// Azure OpenAI is Chat Completions at the resource's /openai/v1 URL with an api-key header: data in the catalog,
// no code of its own. The resource name is a connection setting that fills the catalog's {resource}; a connection
// that sets neither it nor a base URL says so.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture({
    extraConfig: [
      "  - name: azure",
      "    provider: azure-openai",
      "    baseUrl: {mock}/v1",
      "    apiKey: azure-key-0123456789abcdef",
      "  - name: azure-unset",
      "    provider: azure-openai",
      "    apiKey: azure-key-0123456789abcdef",
      "  - name: azure-named",
      "    provider: azure-openai",
      "    apiKey: azure-key-0123456789abcdef",
      "    settings: { resource: contoso-east }",
      "",
    ].join("\n"),
  });
});
afterAll(() => fixture.stop());

describe("Azure OpenAI", () => {
  test("a deployment is served through the api-key header, for OpenAI and Anthropic clients alike", async () => {
    const completion = await fixture.client().chat.completions.create({ model: "azure/my-deployment", messages: [{ role: "user", content: "hello azure" }] });
    expect(completion.choices[0]!.message.content).toBe("Echo: hello azure");
    const seen = fixture.mock.requests.at(-1)!;
    expect(seen.path).toBe("/v1/chat/completions");
    expect(seen.headers["api-key"]).toBe("azure-key-0123456789abcdef");
    expect(seen.headers.authorization).toBeUndefined();
    expect((seen.body as { model: string }).model).toBe("my-deployment");
    const response = await fetch(`${fixture.gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "x" },
      body: JSON.stringify({ model: "azure/my-deployment", max_tokens: 20, messages: [{ role: "user", content: "from claude" }] }),
    });
    expect(((await response.json()) as { content: Array<{ text: string }> }).content[0]!.text).toBe("Echo: from claude");
  });

  test("a connection left on the placeholder URL is refused with a clear reason", async () => {
    const error = await fixture.client().chat.completions.create({ model: "azure-unset/my-deployment", messages: [{ role: "user", content: "x" }] }).catch((caught) => caught);
    expect(error.status).toBe(403);
    expect(String(error.message)).toContain("placeholder");
    expect(String(error.message)).toContain("resource setting");
  });

  test("the resource setting makes the base URL, so a connection needs no URL of its own", () => {
    const connection = fixture.gateway.runtime.connections.byName("azure-named")!;
    expect(connection.baseUrl).toBe("https://contoso-east.openai.azure.com/openai/v1");
    expect(connection.problem).toBeUndefined();
  });
});
