// The catalog's sign-in data: every provider with auth style oauth has an oauth block whose flow matches, with the
// endpoints that flow needs, and the embedded values are the public ones of each provider's own CLI.
import { describe, expect, test } from "bun:test";
import { embeddedCatalog } from "../../src/catalog/catalog.ts";

describe("OAuth providers in the catalog", () => {
  const providers = embeddedCatalog()
    .list()
    .filter((provider) => provider.auth.style === "oauth");

  test("each has an oauth block that fits its flow", () => {
    expect(providers.map((provider) => provider.id).sort()).toEqual(["claude-code", "gemini-cli", "github-copilot", "openai-codex", "qwen-code"]);
    for (const provider of providers) {
      const oauth = provider.oauth!;
      expect(oauth).toBeDefined();
      expect(provider.auth.style === "oauth" && provider.auth.flow).toBe(oauth.flow);
      if (oauth.flow === "device-code") expect(oauth.deviceCodeUrl).toStartWith("https://");
      if (oauth.flow === "pkce") {
        expect(oauth.authorizeUrl).toStartWith("https://");
        expect(oauth.redirectPort !== undefined || oauth.manualRedirectUri !== undefined).toBe(true);
      }
    }
  });

  test("GitHub Copilot uses the device flow and the Copilot token exchange", () => {
    expect(embeddedCatalog().get("github-copilot")!.oauth).toMatchObject({
      clientId: "Iv1.b507a08c87ecfe98",
      deviceCodeUrl: "https://github.com/login/device/code",
      tokenUrl: "https://github.com/login/oauth/access_token",
      tokenExchangeUrl: "https://api.github.com/copilot_internal/v2/token",
    });
  });
});
