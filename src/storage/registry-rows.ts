// Whole-table reads of connections, API keys and combos, in the shape drizzle's select returns, with plain
// statements: the registries read them at every start and reload (so start-up never loads drizzle), and the admin
// API, the CLI and the config apply list them the same way (test/storage/registry-rows.test.ts holds these column
// lists to schema.ts).
import type { Database } from "bun:sqlite";
import type { ApiKeyRow, ComboRow, ConnectionRow } from "./schema.ts";

/** How a column is stored: as is, JSON text, or a 0/1 integer. */
export type ColumnKind = "value" | "json" | "boolean";

/** Row key → [column name, kind], for one table. */
export type RowColumns = Record<string, readonly [column: string, kind: ColumnKind]>;

export const connectionColumns = {
  id: ["id", "value"],
  name: ["name", "value"],
  provider: ["provider", "value"],
  baseUrl: ["base_url", "value"],
  credentialEncrypted: ["credential_encrypted", "value"],
  credentialEnv: ["credential_env", "value"],
  priority: ["priority", "value"],
  weight: ["weight", "value"],
  tags: ["tags", "json"],
  models: ["models", "json"],
  enabled: ["enabled", "boolean"],
  source: ["source", "value"],
  limits: ["limits", "json"],
  prices: ["prices", "json"],
  settings: ["settings", "json"],
  createdAt: ["created_at", "value"],
  updatedAt: ["updated_at", "value"],
} as const satisfies RowColumns;

export const apiKeyColumns = {
  id: ["id", "value"],
  name: ["name", "value"],
  keyHash: ["key_hash", "value"],
  keyPreview: ["key_preview", "value"],
  scope: ["scope", "value"],
  source: ["source", "value"],
  limits: ["limits", "json"],
  createdAt: ["created_at", "value"],
  revokedAt: ["revoked_at", "value"],
} as const satisfies RowColumns;

export const comboColumns = {
  id: ["id", "value"],
  name: ["name", "value"],
  strategy: ["strategy", "value"],
  targets: ["targets", "json"],
  options: ["options", "json"],
  source: ["source", "value"],
  createdAt: ["created_at", "value"],
  updatedAt: ["updated_at", "value"],
} as const satisfies RowColumns;

function readRows<Row>(sqlite: Database, table: string, columns: RowColumns, orderBy: string): Row[] {
  const entries = Object.entries(columns);
  const rows = sqlite.query<Record<string, unknown>, []>(`SELECT ${entries.map(([, [column]]) => `"${column}"`).join(", ")} FROM "${table}" ORDER BY ${orderBy}`).all();
  return rows.map((row) => {
    const mapped: Record<string, unknown> = {};
    for (const [key, [column, kind]] of entries) {
      const value = row[column];
      mapped[key] = value === null || value === undefined ? null : kind === "json" ? JSON.parse(value as string) : kind === "boolean" ? Number(value) === 1 : value;
    }
    return mapped as Row;
  });
}

export function listConnectionRows(sqlite: Database): ConnectionRow[] {
  return readRows(sqlite, "connections", connectionColumns, "priority, id");
}

export function listApiKeyRows(sqlite: Database): ApiKeyRow[] {
  return readRows(sqlite, "api_keys", apiKeyColumns, "id");
}

export function listComboRows(sqlite: Database): ComboRow[] {
  return readRows(sqlite, "combos", comboColumns, "id");
}
