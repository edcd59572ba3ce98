// Credentials at rest: what node:crypto encrypts, WebCrypto's preload decrypts to the same text (so a start that
// only reads credentials needs no node:crypto), a wrong secret or a tampered value is refused, and a gateway
// restarted on an existing database serves with the credential it decrypted ahead.
import { describe, expect, test } from "bun:test";
import { createCredentialCipher } from "../../src/security/credential-encryption.ts";
import { mockCredential, startGatewayFixture } from "../support/gateway-fixture.ts";

describe("credential encryption", () => {
  test("preload decrypts what encrypt wrote, for a fresh cipher with the same secret", async () => {
    const writer = createCredentialCipher("secret-one");
    const stored = ["sk-live-abc", "ünïcødé key", JSON.stringify({ accessToken: "a", refreshToken: "r" })].map((text) => writer.encrypt(text));
    const reader = createCredentialCipher("secret-one");
    await reader.preload(stored);
    expect(stored.map((value) => reader.decrypt(value))).toEqual(["sk-live-abc", "ünïcødé key", JSON.stringify({ accessToken: "a", refreshToken: "r" })]);
  });

  test("a wrong secret or a tampered value is refused by preload and by decrypt", async () => {
    const stored = createCredentialCipher("secret-one").encrypt("sk-live-abc");
    const bytes = Buffer.from(stored.slice(3), "base64");
    bytes[bytes.length - 1]! ^= 1;
    const tampered = `v1:${bytes.toString("base64")}`;
    const other = createCredentialCipher("secret-two");
    await other.preload([stored, tampered, "garbage"]);
    expect(() => other.decrypt(stored)).toThrow();
    const same = createCredentialCipher("secret-one");
    await same.preload([tampered]);
    expect(() => same.decrypt(tampered)).toThrow();
    expect(() => same.decrypt("v2:whatever")).toThrow("Unknown credential format");
  });

  test("a gateway restarted on its database serves with the stored credential", async () => {
    const first = await startGatewayFixture();
    const { mock } = first;
    const dataDirectory = first.dataDirectory;
    await first.gateway.stop();
    const second = await startGatewayFixture({ mock, environment: { DATA_DIR: dataDirectory } });
    try {
      const reply = await fetch(`${second.gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "mock/echo-headers", messages: [{ role: "user", content: "x" }] }),
      });
      const completion = (await reply.json()) as { choices: Array<{ message: { content: string } }> };
      const seen = JSON.parse(completion.choices[0]!.message.content.replace(/^Echo: /, "")) as Record<string, string>;
      expect(seen.authorization).toBe(`Bearer ${mockCredential}`);
    } finally {
      await second.stop();
    }
  });
});
