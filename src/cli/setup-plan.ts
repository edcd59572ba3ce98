// What `amrouter setup` is about to save (a plan: provider, name, base URL, credential, settings), the connection
// the gateway would build from it, and the saving itself: the connection, then a new client key.
import { embeddedCatalog, type CatalogProvider } from "../catalog/catalog.ts";
import { createConnectionRegistry, type Connection } from "../gateway/connection-registry.ts";
import { createLogger } from "../logging/logger.ts";
import { createCredentialCipher } from "../security/credential-encryption.ts";
import { openStorage } from "../storage/database.ts";
import { createApiKey, findApiKeyRow } from "../storage/repositories/api-keys-repository.ts";
import { findConnectionRow, upsertConnection, type ConnectionInput } from "../storage/repositories/connections-repository.ts";
import { clientSnippets, type ClientSnippet } from "./client-snippets.ts";
import type { CommandContext } from "./command-context.ts";
import type { ProbeResult } from "./providers-test-command.ts";
import { gatewayUrlFor } from "./setup-outcome.ts";

export type Plan = {
  provider: CatalogProvider;
  name: string;
  /** Null keeps the catalog's URL (and follows catalog updates). */
  baseUrl: string | null;
  credential?: string;
  credentialEnv?: string;
  /** What the connection sets itself; the catalog's defaults fill the rest. */
  settings: Record<string, string>;
};

const discoverableFamilies = new Set(["openai-chat", "openai-responses"]);

function connectionInput(plan: Plan, model: string | undefined): ConnectionInput {
  // A custom upstream whose family has no model listing is given the tested model, so bare names and /v1/models know it.
  const models = plan.provider.custom && !discoverableFamilies.has(plan.provider.family) && model ? [model] : [];
  return {
    name: plan.name,
    provider: plan.provider.id,
    baseUrl: plan.baseUrl,
    credential: plan.credential ?? null,
    credentialEnv: plan.credential ? null : (plan.credentialEnv ?? null),
    models,
    settings: plan.settings,
    source: "api",
  };
}

/** The connection exactly as the gateway will build it (through the registry), before anything is saved. */
export function candidateConnection(context: CommandContext, plan: Plan): Connection {
  const scratch = openStorage(":memory:");
  try {
    const cipher = createCredentialCipher(context.settings.apiKeySecret);
    upsertConnection(scratch, cipher, connectionInput(plan, undefined));
    return createConnectionRegistry(scratch, embeddedCatalog(), cipher, createLogger("error")).byName(plan.name)!;
  } finally {
    scratch.close();
  }
}

/** The setting a connection still lacks: its base URL keeps a `{placeholder}` that the setting would fill. */
export function missingSetting(connection: Connection): { name: string; description: string } | undefined {
  const name = /\{([^{}]+)\}/.exec(connection.baseUrl)?.[1];
  const spec = name === undefined ? undefined : connection.provider.settings?.[name];
  return name !== undefined && spec ? { name, description: spec.description } : undefined;
}

export function freeKeyName(context: CommandContext, base: string): string {
  if (!findApiKeyRow(context.storage, base)) return base;
  for (let suffix = 2; ; suffix++) if (!findApiKeyRow(context.storage, `${base}-${suffix}`)) return `${base}-${suffix}`;
}

export type Outcome = { plan: Plan; model: string | undefined; test: ProbeResult | null; created: boolean; key: { name: string; key: string }; snippets: ClientSnippet[] };

/** Saves the connection and creates the client key; the snippets name both. */
export function finish(context: CommandContext, plan: Plan, model: string | undefined, test: ProbeResult | null, keyName: string): Outcome {
  const created = findConnectionRow(context.storage, plan.name) === undefined;
  upsertConnection(context.storage, createCredentialCipher(context.settings.apiKeySecret), connectionInput(plan, model));
  const key = createApiKey(context.storage, keyName, { scope: "client", source: "api" });
  const snippets = clientSnippets({ gatewayUrl: gatewayUrlFor(context.settings), apiKey: key.key, model: `${plan.name}/${model ?? "MODEL"}` });
  return { plan, model, test, created, key: { name: keyName, key: key.key }, snippets };
}
