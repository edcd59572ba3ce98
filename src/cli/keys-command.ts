// `amrouter keys create|list|revoke`: manage client API keys offline; a running gateway picks changes up.
import { createApiKey, findApiKeyRow, revokeApiKey } from "../storage/repositories/api-keys-repository.ts";
import { listApiKeyRows } from "../storage/registry-rows.ts";
import { formatTable, type CommandContext } from "./command-context.ts";

export function runKeysCommand(context: CommandContext, positionals: string[], flags: { admin?: boolean; json?: boolean }): number {
  const [action, name] = positionals;
  if (action === "create") {
    if (!name || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      context.print("usage: amrouter keys create NAME [--admin]   (NAME: letters, digits, . _ -)");
      return 2;
    }
    if (findApiKeyRow(context.storage, name)) {
      context.print(`A key named "${name}" already exists; revoke it or pick another name.`);
      return 1;
    }
    const { key } = createApiKey(context.storage, name, { scope: flags.admin ? "admin" : "client" });
    if (flags.json) context.print(JSON.stringify({ name, key, scope: flags.admin ? "admin" : "client" }));
    else context.print(`Created ${flags.admin ? "admin" : "client"} key "${name}". It is shown only once:\n\n  ${key}\n`);
    return 0;
  }
  if (action === "list") {
    const rows = listApiKeyRows(context.storage.sqlite);
    if (flags.json) {
      context.print(JSON.stringify(rows.map(({ keyHash, ...row }) => row)));
      return 0;
    }
    if (rows.length === 0) {
      context.print("No API keys yet. Create one with: amrouter keys create NAME");
      return 0;
    }
    context.print(
      formatTable(
        ["ID", "NAME", "KEY", "SCOPE", "CREATED", "STATUS"],
        rows.map((row) => [String(row.id), row.name, row.keyPreview, row.scope, new Date(row.createdAt).toISOString().slice(0, 10), row.revokedAt ? "revoked" : "active"]),
      ),
    );
    return 0;
  }
  if (action === "revoke") {
    if (!name) {
      context.print("usage: amrouter keys revoke NAME|ID");
      return 2;
    }
    if (!revokeApiKey(context.storage, name)) {
      context.print(`No API key named or numbered "${name}".`);
      return 1;
    }
    context.print(`Revoked "${name}".`);
    return 0;
  }
  context.print("usage: amrouter keys create NAME [--admin] | keys list [--json] | keys revoke NAME|ID");
  return 2;
}
