// Every usable provider in the catalog is only data: pointed at the test mock by a base-URL override, a
// connection to it serves a chat completion, whatever its wire family and auth style.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { embeddedCatalog } from "../../src/catalog/catalog.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

const baseUrlSuffix: Record<string, string> = {
  "openai-chat": "/v1",
  "openai-responses": "/v1",
  "azure-openai": "/v1",
  anthropic: "",
  gemini: "",
  ollama: "",
  cohere: "",
  "bedrock-converse": "",
};

/** Settings a family needs besides the base URL (watsonx's IAM endpoint is the mock's too). */
const familySettings: Record<string, string> = {
  vertex: "{ project: every-provider-project }",
  watsonx: "{ project_id: every-provider-project, iamUrl: '{mock}/identity/token' }",
};

const providers = embeddedCatalog()
  .list()
  .filter((provider) => !provider.custom && provider.usable);

let fixture: GatewayFixture;
beforeAll(async () => {
  const connections = providers
    .map((provider) => {
      const settings = familySettings[provider.family] ? `    settings: ${familySettings[provider.family]}\n` : "";
      return `  - name: via-${provider.id}\n    provider: ${provider.id}\n    baseUrl: {mock}${baseUrlSuffix[provider.family] ?? ""}\n    apiKey: key-for-${provider.id}-0123456789\n${settings}`;
    })
    .join("");
  fixture = await startGatewayFixture({ extraConfig: connections });
}, 30_000);
afterAll(() => fixture.stop());

describe("the whole catalog", () => {
  test(`each of the ${providers.length} usable providers serves chat when pointed at the mock`, async () => {
    expect(providers.length).toBeGreaterThanOrEqual(160);
    const failures: string[] = [];
    for (const provider of providers) {
      const response = await fetch(`${fixture.gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: `via-${provider.id}/gpt-4o-mini`, messages: [{ role: "user", content: `hello ${provider.id}` }] }),
      });
      const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }>; error?: { message: string } };
      const content = body.choices?.[0]?.message?.content;
      if (response.status !== 200 || content !== `Echo: hello ${provider.id}`) failures.push(`${provider.id} (${provider.family}, ${provider.auth.style}): ${response.status} ${body.error?.message ?? content}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
