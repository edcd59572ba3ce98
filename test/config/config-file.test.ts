// The declarative config file: YAML or JSON, applied idempotently, credentials encrypted at rest, and bad files
// refused with the file, the field's path and what was expected.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { embeddedCatalog } from "../../src/catalog/catalog.ts";
import { applyConfigFile } from "../../src/config/apply-config-file.ts";
import { ConfigFileError, readConfigFile } from "../../src/config/config-file.ts";
import { createCredentialCipher } from "../../src/security/credential-encryption.ts";
import { openStorage } from "../../src/storage/database.ts";
import { listApiKeyRows, listComboRows, listConnectionRows } from "../../src/storage/registry-rows.ts";

import { temporaryDirectory } from "../support/gateway-fixture.ts";

const catalog = embeddedCatalog();
const cipher = createCredentialCipher("x".repeat(48));

const yaml = `
connections:
  - name: local-openai
    provider: openai-chat
    baseUrl: http://127.0.0.1:18931/v1
    apiKey: sk-test-secret-value-123
  - name: official
    provider: openai
    apiKeyEnv: OPENAI_API_KEY
combos:
  - name: my-fallback
    strategy: priority
    models: [local-openai/gpt-4o-mini, official/gpt-4o-mini]
apiKeys:
  - name: ci
  - name: fixed
    key: amr_fixedkeyfixedkeyfixedkey
`;

function write(name: string, text: string): string {
  const path = join(temporaryDirectory(), name);
  writeFileSync(path, text);
  return path;
}

describe("config file", () => {
  test("applies connections, combos and keys, and applying it again changes nothing", () => {
    const storage = openStorage(join(temporaryDirectory(), "amrouter.db"));
    const config = readConfigFile(write("amrouter.yaml", yaml), catalog);
    const first = applyConfigFile(storage, cipher, config);
    expect(first.generatedKeys.map((generated) => generated.name)).toEqual(["ci"]);
    expect(first.generatedKeys[0]!.key).toStartWith("amr_");
    const second = applyConfigFile(storage, cipher, config);
    expect(second.changed).toBe(0);
    expect(second.generatedKeys).toEqual([]);
    expect(listConnectionRows(storage.sqlite).map((row) => row.name)).toEqual(["local-openai", "official"]);
    expect(listComboRows(storage.sqlite)[0]!.targets).toEqual(["local-openai/gpt-4o-mini", "official/gpt-4o-mini"]);
    expect(listApiKeyRows(storage.sqlite).map((row) => row.name)).toEqual(["ci", "fixed"]);
    const stored = JSON.stringify(storage.sqlite.query("SELECT * FROM connections").all());
    expect(stored).not.toContain("sk-test-secret-value-123");
    expect(cipher.decrypt(listConnectionRows(storage.sqlite)[0]!.credentialEncrypted!)).toBe("sk-test-secret-value-123");
  });

  test("the same config in JSON is read the same way", () => {
    const json = JSON.stringify(Bun.YAML.parse(yaml));
    expect(readConfigFile(write("amrouter.json", json), catalog)).toEqual(readConfigFile(write("amrouter.yaml", yaml), catalog));
  });

  test("a connection removed from the file is removed from the database", () => {
    const storage = openStorage(join(temporaryDirectory(), "amrouter.db"));
    applyConfigFile(storage, cipher, readConfigFile(write("a.yaml", yaml), catalog));
    const smaller = yaml.replace(/  - name: official\n    provider: openai\n    apiKeyEnv: OPENAI_API_KEY\n/, "");
    applyConfigFile(storage, cipher, readConfigFile(write("b.yaml", smaller), catalog));
    expect(listConnectionRows(storage.sqlite).map((row) => row.name)).toEqual(["local-openai"]);
  });

  const cases: Array<[string, string, string]> = [
    ["a wrong type", "connections:\n  - name: x\n    provider: openai\n    priority: high\n", "/connections/0/priority"],
    ["an unknown field", "connections:\n  - name: x\n    provider: openai\n    colour: red\n", "/connections/0/colour"],
    ["an unknown provider", "connections:\n  - name: x\n    provider: nosuchprovider\n", "/connections/0/provider: unknown provider"],
    ["a custom family without baseUrl", "connections:\n  - name: x\n    provider: openai-chat\n", "/connections/0/baseUrl: required"],
    ["a name with a slash", "connections:\n  - name: a/b\n    provider: openai\n", "/connections/0/name"],
    ["duplicate names", "connections:\n  - name: x\n    provider: openai\n  - name: x\n    provider: openai\n", "duplicate connection name"],
    ["a malformed key", "apiKeys:\n  - name: k\n    key: sk-123\n", "/apiKeys/0/key"],
    ["invalid YAML", "connections: [\n", "is not valid YAML"],
    ["a combo cycle", "combos:\n  - name: a\n    models: [b]\n  - name: b\n    models: [combo:a]\n", "refers to itself through a → b → a"],
  ];
  for (const [label, text, expected] of cases) {
    test(`${label} is refused with the file and the field's path`, () => {
      const path = write("bad.yaml", text);
      let error: unknown;
      try {
        readConfigFile(path, catalog);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigFileError);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain(expected);
    });
  }
});
