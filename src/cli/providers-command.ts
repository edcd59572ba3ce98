// `amrouter providers available|list`: the catalog, and the connections configured in this data directory.
import { embeddedCatalog } from "../catalog/catalog.ts";
import { readConnectionNeedsLogin } from "../oauth/oauth-connection-store.ts";
import { listConnectionRows } from "../storage/registry-rows.ts";
import { formatTable, type CommandContext } from "./command-context.ts";
import { describeLiveHealth, fetchLiveHealth } from "./live-health.ts";
import { breakerKeyOf } from "../gateway/route-planner.ts";

export function runProvidersAvailable(print: (line: string) => void, flags: { search?: string; json?: boolean }): number {
  const needle = flags.search?.toLowerCase();
  const providers = embeddedCatalog()
    .list()
    .filter((provider) => !provider.custom)
    .filter((provider) => !needle || [provider.id, provider.name, provider.category ?? "", provider.family].some((field) => field.toLowerCase().includes(needle)))
    .sort((left, right) => left.id.localeCompare(right.id));
  if (flags.json) {
    print(JSON.stringify(providers.map(({ custom, ...provider }) => provider)));
    return 0;
  }
  const usable = providers.filter((provider) => provider.usable).length;
  print(
    formatTable(
      ["ID", "NAME", "FAMILY", "CATEGORY", "AUTH", "MODELS", "STATUS"],
      providers.map((provider) => [
        provider.id,
        provider.name,
        provider.family,
        provider.category ?? "",
        provider.auth.style,
        String(provider.models.length),
        provider.usable ? "ready" : `awaits ${provider.family} support`,
      ]),
    ),
  );
  print(`\n${providers.length} providers${needle ? ` matching "${flags.search}"` : ""}, ${usable} ready to use.`);
  return 0;
}

export async function runProvidersList(context: CommandContext, flags: { json?: boolean }): Promise<number> {
  const catalog = embeddedCatalog();
  const live = await fetchLiveHealth(context.settings);
  const rows = listConnectionRows(context.storage.sqlite).map((row) => {
    const provider = catalog.get(row.provider);
    const oauth = provider?.auth.style === "oauth";
    const needsLogin = oauth && (readConnectionNeedsLogin(context.storage, row.name) !== undefined || (!row.credentialEncrypted && !row.credentialEnv));
    const status = !provider ? "unknown provider" : !row.enabled ? "disabled" : needsLogin ? "needs login" : !provider.usable ? `awaits ${provider.family} support` : "ready";
    const health = live && provider ? describeLiveHealth(live, row.name, breakerKeyOf({ name: row.name, provider })) : "gateway not running";
    return { name: row.name, provider: row.provider, baseUrl: row.baseUrl ?? provider?.baseUrl ?? "", priority: row.priority, enabled: row.enabled, source: row.source, status, health };
  });
  if (flags.json) {
    context.print(JSON.stringify(rows));
    return 0;
  }
  if (rows.length === 0) {
    context.print("No connections yet. Declare them in a config file (amrouter --config FILE).");
    return 0;
  }
  context.print(
    formatTable(
      ["NAME", "PROVIDER", "BASE URL", "PRIORITY", "SOURCE", "STATUS", "LIVE HEALTH"],
      rows.map((row) => [row.name, row.provider, row.baseUrl, String(row.priority), row.source, row.status, row.health]),
    ),
  );
  return 0;
}
