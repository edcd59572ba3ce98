// Reads the declarative config file, validates it (reporting the file, the path of the bad field and what was
// expected) and applies it to the database idempotently.
import { readFileSync } from "node:fs";
import { Value } from "@sinclair/typebox/value";
import type { Catalog } from "../catalog/catalog.ts";
import type { CredentialCipher } from "../security/credential-encryption.ts";
import type { Storage } from "../storage/database.ts";
import { ensureApiKey } from "../storage/repositories/api-keys-repository.ts";
import { upsertCombo } from "../storage/repositories/combos-repository.ts";
import { deleteConnection, findConnectionRow, listConnectionRows, upsertConnection } from "../storage/repositories/connections-repository.ts";
import { isOAuthCredential } from "../oauth/oauth-token.ts";
import { ConfigFileError } from "./config-file-error.ts";
import { ConfigFile } from "./config-file-schema.ts";

export { ConfigFileError };

export function readConfigFile(path: string, catalog: Catalog): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigFileError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = path.endsWith(".json") ? JSON.parse(text) : Bun.YAML.parse(text);
  } catch (error) {
    throw new ConfigFileError(path, [`is not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`]);
  }
  data ??= {};
  const problems = [...Value.Errors(ConfigFile, data)].map((error) => `${error.path || "/"}: ${error.message}${describeValue(error.value)}`);
  if (problems.length > 0) throw new ConfigFileError(path, problems.slice(0, 20));
  const config = data as ConfigFile;
  const semanticProblems = checkReferences(config, catalog);
  if (semanticProblems.length > 0) throw new ConfigFileError(path, semanticProblems);
  return config;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "";
  const text = JSON.stringify(value);
  return text && text.length <= 60 ? ` (got ${text})` : "";
}

function checkReferences(config: ConfigFile, catalog: Catalog): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  config.connections?.forEach((connection, index) => {
    const path = `/connections/${index}`;
    if (names.has(connection.name)) problems.push(`${path}/name: duplicate connection name "${connection.name}"`);
    names.add(connection.name);
    const provider = catalog.get(connection.provider);
    if (!provider) {
      problems.push(`${path}/provider: unknown provider "${connection.provider}"; expected a catalog id (see \`amrouter providers available\`) or a family: openai-chat, openai-responses, anthropic, gemini`);
    } else if (provider.custom && !connection.baseUrl) {
      problems.push(`${path}/baseUrl: required for a custom "${connection.provider}" upstream`);
    }
    if (connection.apiKey && connection.apiKeyEnv) problems.push(`${path}: give apiKey or apiKeyEnv, not both`);
  });
  const comboNames = new Set<string>();
  config.combos?.forEach((combo, index) => {
    if (comboNames.has(combo.name)) problems.push(`/combos/${index}/name: duplicate combo name "${combo.name}"`);
    if (names.has(combo.name)) problems.push(`/combos/${index}/name: "${combo.name}" is already a connection name`);
    comboNames.add(combo.name);
  });
  problems.push(...comboCycleProblems(config));
  const keyNames = new Set<string>();
  config.apiKeys?.forEach((apiKey, index) => {
    if (keyNames.has(apiKey.name)) problems.push(`/apiKeys/${index}/name: duplicate API key name "${apiKey.name}"`);
    keyNames.add(apiKey.name);
  });
  return problems;
}

export type AppliedConfig = { changed: number; generatedKeys: Array<{ name: string; key: string }> };

export function applyConfigFile(storage: Storage, cipher: CredentialCipher, config: ConfigFile): AppliedConfig {
  const result: AppliedConfig = { changed: 0, generatedKeys: [] };
  const apply = storage.sqlite.transaction(() => {
    const declared = new Set<string>();
    for (const connection of config.connections ?? []) {
      declared.add(connection.name);
      const changed = upsertConnection(storage, cipher, {
        name: connection.name,
        provider: connection.provider,
        baseUrl: connection.baseUrl ?? null,
        credential: connection.apiKey ?? (connection.apiKeyEnv ? null : storedLogin(storage, cipher, connection.name)),
        credentialEnv: connection.apiKeyEnv ?? null,
        priority: connection.priority,
        weight: connection.weight,
        tags: connection.tags,
        models: connection.models,
        enabled: connection.enabled,
        limits: connection.limits,
        prices: connection.prices,
        settings: connection.settings,
        source: "config",
      });
      if (changed) result.changed++;
    }
    for (const row of listConnectionRows(storage)) {
      if (row.source === "config" && !declared.has(row.name) && deleteConnection(storage, row.name)) result.changed++;
    }
    for (const combo of config.combos ?? []) {
      const options: Record<string, unknown> = {};
      if (combo.maxAttempts !== undefined) options.maxAttempts = combo.maxAttempts;
      if (combo.timeoutMs !== undefined) options.timeoutMs = combo.timeoutMs;
      if (combo.fallThroughStatuses !== undefined) options.fallThroughStatuses = combo.fallThroughStatuses;
      if (combo.stickySessionHeader !== undefined) options.stickySessionHeader = combo.stickySessionHeader.toLowerCase();
      if (upsertCombo(storage, { name: combo.name, strategy: combo.strategy ?? "priority", targets: combo.models, options, source: "config" })) result.changed++;
    }
    for (const apiKey of config.apiKeys ?? []) {
      const outcome = ensureApiKey(storage, apiKey.name, { key: apiKey.key, scope: apiKey.scope, limits: apiKey.limits });
      if (outcome.changed) result.changed++;
      if (outcome.generatedKey) result.generatedKeys.push({ name: apiKey.name, key: outcome.generatedKey });
    }
  });
  apply.immediate();
  return result;
}

const maxComboDepth = 4;

/** A combo may name other combos, but never itself through any chain, and no deeper than four levels. */
function comboCycleProblems(config: ConfigFile): string[] {
  const combos = new Map((config.combos ?? []).map((combo) => [combo.name, combo]));
  const nestedNames = (target: string) => {
    const name = target.startsWith("combo:") || target.startsWith("combo/") ? target.slice(6) : target;
    return combos.has(name) ? name : undefined;
  };
  const problems: string[] = [];
  (config.combos ?? []).forEach((combo, index) => {
    const walk = (name: string, path: string[]): string | undefined => {
      if (path.includes(name)) return `/combos/${index}/models: combo "${combo.name}" refers to itself through ${[...path, name].join(" → ")}`;
      if (path.length > maxComboDepth) return `/combos/${index}/models: combo "${combo.name}" nests more than ${maxComboDepth} combos deep`;
      for (const target of combos.get(name)?.models ?? []) {
        const nested = nestedNames(target);
        const problem = nested ? walk(nested, [...path, name]) : undefined;
        if (problem) return problem;
      }
      return undefined;
    };
    const problem = walk(combo.name, []);
    if (problem) problems.push(problem);
  });
  return problems;
}

/** A token stored by `amrouter login` for a connection the config file declares without a key: kept across boots. */
function storedLogin(storage: Storage, cipher: CredentialCipher, name: string): string | null {
  const encrypted = findConnectionRow(storage, name)?.credentialEncrypted;
  if (!encrypted) return null;
  try {
    const text = cipher.decrypt(encrypted);
    return isOAuthCredential(text) ? text : null;
  } catch {
    return null;
  }
}
