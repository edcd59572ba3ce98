// The registries read their rows with plain statements (src/storage/registry-rows.ts) so that start-up never loads
// drizzle. These tests hold those column lists to schema.ts, and the rows they read to what drizzle reads.
import { describe, expect, test } from "bun:test";
import { asc, getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { join } from "node:path";
import { createCredentialCipher } from "../../src/security/credential-encryption.ts";
import { openStorage } from "../../src/storage/database.ts";
import { apiKeyColumns, comboColumns, connectionColumns, listApiKeyRows, listComboRows, listConnectionRows, type RowColumns } from "../../src/storage/registry-rows.ts";
import { createApiKey, revokeApiKey } from "../../src/storage/repositories/api-keys-repository.ts";
import { upsertCombo } from "../../src/storage/repositories/combos-repository.ts";
import { upsertConnection } from "../../src/storage/repositories/connections-repository.ts";
import { apiKeysTable, combosTable, connectionsTable } from "../../src/storage/schema.ts";
import { temporaryDirectory } from "../support/gateway-fixture.ts";

const tables: Array<[string, SQLiteTable, RowColumns]> = [
  ["connections", connectionsTable, connectionColumns],
  ["api_keys", apiKeysTable, apiKeyColumns],
  ["combos", combosTable, comboColumns],
];

describe("registry rows", () => {
  for (const [name, table, columns] of tables) {
    test(`${name}: every schema column, under its key, with its JSON or boolean mapping`, () => {
      expect(getTableName(table)).toBe(name);
      const schemaColumns = Object.entries(getTableColumns(table)).map(([key, column]) => [
        key,
        column.name,
        column.dataType === "json" ? "json" : column.dataType === "boolean" ? "boolean" : "value",
      ]);
      expect(Object.entries(columns).map(([key, [column, kind]]) => [key, column, kind])).toEqual(schemaColumns);
    });
  }

  test("read the same rows as drizzle's select, nulls, JSON, booleans and order included", () => {
    const storage = openStorage(join(temporaryDirectory(), "rows.sqlite"));
    const cipher = createCredentialCipher("y".repeat(48));
    upsertConnection(storage, cipher, {
      name: "second",
      provider: "openai",
      credential: "sk-a-secret-credential",
      priority: 2,
      tags: ["fast", "cheap"],
      models: ["gpt-4o-mini"],
      enabled: false,
      limits: { requestsPerMinute: 10 },
      prices: { "gpt-4o-mini": { input: 0.15, output: 0.6 } },
      settings: { region: "eu" },
      source: "config",
    });
    upsertConnection(storage, cipher, { name: "first", provider: "anthropic", credentialEnv: "ANTHROPIC_API_KEY", baseUrl: "http://127.0.0.1:9/v1", priority: 1 });
    createApiKey(storage, "laptop", { limits: { tokensPerMinute: 1000 } });
    createApiKey(storage, "admin", { scope: "admin" });
    revokeApiKey(storage, "laptop");
    upsertCombo(storage, { name: "fallback", strategy: "priority", targets: ["first/claude", "second/gpt-4o-mini"], options: { maxAttempts: 2 } });

    expect(listConnectionRows(storage.sqlite)).toEqual(storage.orm.select().from(connectionsTable).orderBy(asc(connectionsTable.priority), asc(connectionsTable.id)).all());
    expect(listApiKeyRows(storage.sqlite)).toEqual(storage.orm.select().from(apiKeysTable).orderBy(asc(apiKeysTable.id)).all());
    expect(listComboRows(storage.sqlite)).toEqual(storage.orm.select().from(combosTable).orderBy(asc(combosTable.id)).all());
    expect(listConnectionRows(storage.sqlite).map((row) => [row.name, row.enabled])).toEqual([
      ["first", true],
      ["second", false],
    ]);
    storage.close();
  });
});
