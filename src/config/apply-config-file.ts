// Applies a validated config file to the database idempotently: declared connections, combos and API keys are
// inserted or updated by name, and config-sourced connections the file no longer declares are removed.
import type { CredentialCipher } from "../security/credential-encryption.ts";
import type { Storage } from "../storage/database.ts";
import { ensureApiKey } from "../storage/repositories/api-keys-repository.ts";
import { upsertCombo } from "../storage/repositories/combos-repository.ts";
import { deleteConnection, findConnectionRow, upsertConnection } from "../storage/repositories/connections-repository.ts";
import { listConnectionRows } from "../storage/registry-rows.ts";
import { isOAuthCredential } from "../oauth/oauth-token.ts";
import type { ConfigFile } from "./config-file-schema.ts";

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
    for (const row of listConnectionRows(storage.sqlite)) {
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
