// A connection's settings (Vertex project and location, watsonx region and project id): what the connection
// configured over the catalog's defaults, and the base URL they make when they fill its `{placeholders}`.
import type { ProviderEntry } from "../catalog/provider-schema.ts";

/** One setting as forms and prompts show it: the catalog's words, its default, and whether it must be given. */
export type SettingSpec = { name: string; label: string; description: string; default: string | null; required: boolean };

/** The provider's settings in catalog order; one is required when it fills a base URL placeholder and has no default. */
export function settingSpecs(provider: ProviderEntry): SettingSpec[] {
  return Object.entries(provider.settings ?? {}).map(([name, spec]) => ({
    name,
    label: spec.label ?? name,
    description: spec.description,
    default: spec.default ?? null,
    required: spec.default === undefined && provider.baseUrl.includes(`{${name}}`),
  }));
}

/** The names a connection to this provider may not set, in the order given. */
export function unknownSettingNames(provider: ProviderEntry, names: Iterable<string>): string[] {
  return [...names].filter((name) => provider.settings?.[name] === undefined);
}

/** Settings as stored: values trimmed, empty ones dropped (an empty value means the catalog's default). */
export function trimmedSettings(settings: Readonly<Record<string, string>>): Record<string, string> {
  const trimmed: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) if (value.trim() !== "") trimmed[name] = value.trim();
  return trimmed;
}

export function settingsOf(provider: ProviderEntry, configured: Readonly<Record<string, string>>): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [name, spec] of Object.entries(provider.settings ?? {})) if (spec.default !== undefined) settings[name] = spec.default;
  for (const [name, value] of Object.entries(configured)) if (value !== "") settings[name] = value;
  return settings;
}

/** The catalog's base URL with the settings in it; a placeholder no setting fills stays, and is reported. */
export function baseUrlFromSettings(provider: ProviderEntry, settings: Readonly<Record<string, string>>): string {
  for (const [name, spec] of Object.entries(provider.settings ?? {})) {
    const value = settings[name];
    const replacement = value === undefined ? undefined : spec.baseUrls?.[value];
    if (replacement) return replacement;
  }
  return provider.baseUrl.replace(/\{([^{}]+)\}/g, (placeholder, name: string) => {
    const value = settings[name];
    return value === undefined ? placeholder : encodeURIComponent(value);
  });
}
