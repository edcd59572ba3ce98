// A connection's settings (Vertex project and location, watsonx region and project id): what the connection
// configured over the catalog's defaults, and the base URL they make when they fill its `{placeholders}`.
import type { ProviderEntry } from "../catalog/provider-schema.ts";

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
