// A start applies the config file only when the file, the rows it writes or the encryption secret changed since the
// last apply; otherwise it skips the apply (and loading drizzle), with the database exactly as applying would leave it.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { embeddedCatalog } from "../../src/catalog/catalog.ts";
import { applyConfigFileAtStart } from "../../src/config/apply-config-at-start.ts";
import { readConfigFile } from "../../src/config/config-file.ts";
import { createCredentialCipher } from "../../src/security/credential-encryption.ts";
import { openStorage } from "../../src/storage/database.ts";
import { listApiKeyRows, listConnectionRows } from "../../src/storage/registry-rows.ts";
import { deleteConnection, upsertConnection } from "../../src/storage/repositories/connections-repository.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

const catalog = embeddedCatalog();
const secret = "s".repeat(48);
const cipher = createCredentialCipher(secret);

const yaml = `
connections:
  - name: local
    provider: openai-chat
    baseUrl: http://127.0.0.1:18931/v1
    apiKey: sk-config-secret-value-123
apiKeys:
  - name: ci
`;

function setup() {
  const directory = temporaryDirectory();
  const path = join(directory, "amrouter.yaml");
  writeFileSync(path, yaml);
  return { storage: openStorage(join(directory, "amrouter.db")), path };
}

describe("config file at start", () => {
  test("applied on the first start, skipped on the next while nothing changed; a generated key is shown only once", () => {
    const { storage, path } = setup();
    const first = applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret);
    expect(first.skipped).toBe(false);
    expect(first.generatedKeys.map((key) => key.name)).toEqual(["ci"]);
    const rows = JSON.stringify([listConnectionRows(storage.sqlite), listApiKeyRows(storage.sqlite)]);
    const second = applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret);
    expect(second).toEqual({ changed: 0, generatedKeys: [], skipped: true });
    expect(JSON.stringify([listConnectionRows(storage.sqlite), listApiKeyRows(storage.sqlite)])).toBe(rows);
    storage.close();
  });

  test("a config-sourced connection changed or deleted in the database since is restored on the next start", () => {
    const { storage, path } = setup();
    applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret);
    upsertConnection(storage, cipher, { name: "local", provider: "openai-chat", baseUrl: "http://127.0.0.1:1/v1", credential: "sk-other", source: "config" });
    const restored = applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret);
    expect(restored.skipped).toBe(false);
    expect(listConnectionRows(storage.sqlite)[0]!.baseUrl).toBe("http://127.0.0.1:18931/v1");
    expect(cipher.decrypt(listConnectionRows(storage.sqlite)[0]!.credentialEncrypted!)).toBe("sk-config-secret-value-123");
    deleteConnection(storage, "local");
    expect(applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret).skipped).toBe(false);
    expect(listConnectionRows(storage.sqlite).map((row) => row.name)).toEqual(["local"]);
    storage.close();
  });

  test("an edited file is applied", () => {
    const { storage, path } = setup();
    applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret);
    writeFileSync(path, yaml.replace("18931", "18932"));
    expect(applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret).skipped).toBe(false);
    expect(listConnectionRows(storage.sqlite)[0]!.baseUrl).toBe("http://127.0.0.1:18932/v1");
    storage.close();
  });

  test("a new encryption secret re-applies, so the config's credentials are readable with it", () => {
    const { storage, path } = setup();
    applyConfigFileAtStart(storage, cipher, readConfigFile(path, catalog), secret);
    const newSecret = "n".repeat(48);
    const newCipher = createCredentialCipher(newSecret);
    expect(applyConfigFileAtStart(storage, newCipher, readConfigFile(path, catalog), newSecret).skipped).toBe(false);
    expect(newCipher.decrypt(listConnectionRows(storage.sqlite)[0]!.credentialEncrypted!)).toBe("sk-config-secret-value-123");
    storage.close();
  });
});
