// REQUIRE_API_KEY: /v1 refuses requests without a valid amr_ key; a key revoked from the CLI stops working in
// the running gateway without a restart.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { createApiKey, revokeApiKey } from "../../src/storage/repositories/api-keys-repository.ts";
import { openStorage } from "../../src/storage/database.ts";
import { startGatewayFixture, type GatewayFixture } from "../support/gateway-fixture.ts";

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture({ environment: { REQUIRE_API_KEY: "true" } });
});
afterAll(() => fixture.stop());

const request = { model: "mock/gpt-4o-mini", messages: [{ role: "user" as const, content: "hi" }] };

describe("client API keys", () => {
  test("without a key the SDK gets a 401 AuthenticationError", async () => {
    const error = await fixture.client("sk-not-a-gateway-key").chat.completions.create(request).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(String(error.message)).toContain("Invalid or revoked API key");
    const anonymous = await fetch(`${fixture.gateway.url}/v1/models`);
    expect(anonymous.status).toBe(401);
  }, 15_000);

  test("a created key works, and stops working once revoked by another process", async () => {
    const storage = openStorage(fixture.gateway.settings.databasePath);
    try {
      const { key } = createApiKey(storage, "ci");
      expect(key).toStartWith("amr_");
      await Bun.sleep(1200);
      const completion = await fixture.client(key).chat.completions.create(request);
      expect(completion.choices[0]!.message.content).toBe("Echo: hi");
      revokeApiKey(storage, "ci");
      await Bun.sleep(1200);
      const error = await fixture.client(key).chat.completions.create(request).catch((caught) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    } finally {
      storage.close();
    }
  }, 15_000);

  test("keys are stored only as hashes", async () => {
    const storage = openStorage(fixture.gateway.settings.databasePath);
    try {
      const { key } = createApiKey(storage, "hashed");
      const dump = JSON.stringify(storage.sqlite.query("SELECT * FROM api_keys").all());
      expect(dump).not.toContain(key);
    } finally {
      storage.close();
    }
  });
});
