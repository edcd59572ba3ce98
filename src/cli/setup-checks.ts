// What `amrouter setup` accepts, checked the same way for flags and typed answers: provider ids (with suggestions
// for a typo), connection and key names, base URLs and `--setting NAME=VALUE`. A problem is a SetupInputError:
// printed as is, exit code 2.
import type { Catalog, CatalogProvider } from "../catalog/catalog.ts";
import { unknownSettingNames } from "../gateway/connection-settings.ts";
import { findApiKeyRow } from "../storage/repositories/api-keys-repository.ts";
import type { CommandContext } from "./command-context.ts";

export class SetupInputError extends Error {}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const envVarPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const placeholderPattern = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/** Provider ids closest to what was typed: containing it first, then by edit distance. */
export function suggestProviderIds(catalog: Catalog, typed: string, limit = 5): string[] {
  const needle = typed.toLowerCase();
  const scored = catalog
    .list()
    .filter((provider) => provider.usable)
    .map((provider) => {
      const id = provider.id;
      const contains = id.includes(needle) || needle.includes(id) || provider.name.toLowerCase().includes(needle);
      return { id, score: contains ? 0 : editDistance(needle, id) };
    })
    .filter((entry) => entry.score <= Math.max(2, Math.floor(needle.length / 3)))
    .sort((left, right) => left.score - right.score || left.id.length - right.id.length || left.id.localeCompare(right.id));
  return scored.slice(0, limit).map((entry) => entry.id);
}

export function unknownProviderMessage(catalog: Catalog, id: string): string {
  const suggestions = suggestProviderIds(catalog, id);
  return `Unknown provider "${id}".${suggestions.length > 0 ? ` Did you mean: ${suggestions.join(", ")}?` : ""} See: amrouter providers available --search TEXT`;
}

export function checkUsable(provider: CatalogProvider): string | undefined {
  return provider.usable ? undefined : `${provider.name} speaks ${provider.family}, which AmRouter does not support yet.`;
}

export function checkConnectionName(name: string): string | undefined {
  if (!namePattern.test(name) || name.length > 64) return `A connection name is letters, digits, . _ - (no slash, at most 64), got "${name}".`;
  return undefined;
}

export function checkKeyName(context: CommandContext, name: string): string | undefined {
  if (!namePattern.test(name) || name.length > 64) return `A key name is letters, digits, . _ - (at most 64), got "${name}".`;
  if (findApiKeyRow(context.storage, name)) return `A key named "${name}" already exists; pick another --key-name.`;
  return undefined;
}

/** Validates a base URL; returns it without trailing slashes. */
export function checkBaseUrl(value: string): { url: string } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { problem: `"${value}" is not a URL. Give the full address, e.g. https://api.example.com/v1` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { problem: `The base URL must start with http:// or https://, got "${value}".` };
  if (parsed.username || parsed.password) return { problem: "Put the key in the API key, not in the URL." };
  if (parsed.search || parsed.hash) return { problem: "The base URL cannot have a query string or fragment." };
  return { url: value.replace(/\/+$/, "") };
}

/** The user must give a base URL: a custom upstream, or a catalog URL with a {placeholder} no setting fills. */
export function needsBaseUrl(provider: CatalogProvider): boolean {
  if (provider.custom || provider.baseUrl === "") return true;
  return [...provider.baseUrl.matchAll(placeholderPattern)].some(([, name]) => provider.settings?.[name!] === undefined);
}

export function baseUrlHint(provider: CatalogProvider): string {
  if (provider.baseUrl.match(placeholderPattern)) return `fill in ${provider.baseUrl}`;
  if (provider.family === "anthropic" || provider.family === "gemini") return "the host root, e.g. https://api.example.com";
  return "OpenAI-compatible URLs end in /v1, e.g. http://127.0.0.1:8000/v1";
}

/** `--setting NAME=VALUE` flags as settings; refused when malformed, empty, repeated or unknown to the provider. */
export function settingsFromFlags(provider: CatalogProvider, flags: readonly string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const flag of flags) {
    const separator = flag.indexOf("=");
    const name = flag.slice(0, separator).trim();
    const value = flag.slice(separator + 1).trim();
    if (separator < 1 || !name || !value) throw new SetupInputError(`--setting takes NAME=VALUE, got "${flag}".`);
    if (name in settings) throw new SetupInputError(`--setting ${name} is given twice.`);
    settings[name] = value;
  }
  const unknown = unknownSettingNames(provider, Object.keys(settings));
  if (unknown.length > 0) {
    const known = Object.keys(provider.settings ?? {});
    throw new SetupInputError(`${provider.name} has no setting ${unknown.map((name) => `"${name}"`).join(", ")}; ${known.length > 0 ? `it takes ${known.join(", ")}` : "it takes none"}.`);
  }
  return settings;
}
