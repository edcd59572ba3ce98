// drizzle table definitions matching migrations.ts; typed access for the repositories.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const connectionsTable = sqliteTable("connections", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  provider: text("provider").notNull(),
  baseUrl: text("base_url"),
  credentialEncrypted: text("credential_encrypted"),
  credentialEnv: text("credential_env"),
  priority: integer("priority").notNull().default(0),
  weight: integer("weight").notNull().default(1),
  tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
  models: text("models", { mode: "json" }).$type<string[]>().notNull().default([]),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  source: text("source").$type<"config" | "api">().notNull().default("api"),
  limits: text("limits", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  /** Per-model price overrides (USD per million tokens), over the catalog's. */
  prices: text("prices", { mode: "json" }).$type<Record<string, ModelPrice>>().notNull().default({}),
  /** Values the provider asks each connection for (project, location, region), filling base URL placeholders. */
  settings: text("settings", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type ModelPrice = { input: number; output: number; cachedInput?: number; cacheWrite?: number };

export const apiKeysTable = sqliteTable("api_keys", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  keyHash: text("key_hash").notNull().unique(),
  keyPreview: text("key_preview").notNull(),
  scope: text("scope").$type<"client" | "admin">().notNull().default("client"),
  source: text("source").$type<"config" | "api">().notNull().default("api"),
  limits: text("limits", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  createdAt: integer("created_at").notNull(),
  revokedAt: integer("revoked_at"),
});

export const combosTable = sqliteTable("combos", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  strategy: text("strategy").notNull().default("priority"),
  targets: text("targets", { mode: "json" }).$type<string[]>().notNull().default([]),
  options: text("options", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  source: text("source").$type<"config" | "api">().notNull().default("api"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const settingsTable = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type ConnectionRow = typeof connectionsTable.$inferSelect;
export type ApiKeyRow = typeof apiKeysTable.$inferSelect;
export type ComboRow = typeof combosTable.$inferSelect;
