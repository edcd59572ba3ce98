// The provider catalog in memory: every entry from providers/, plus one bare entry per wire family so a custom
// upstream can be declared as `provider: openai-chat` with its own base URL.
import { embeddedProviderEntries } from "./embedded-provider-files.ts" with { type: "macro" };
import { familiesWithFormat } from "../protocol/family-formats.ts";
import type { ProviderEntry, WireFamily } from "./provider-schema.ts";

export type CatalogProvider = ProviderEntry & { family: WireFamily; custom: boolean; usable: boolean };

export type Catalog = {
  get(id: string): CatalogProvider | undefined;
  list(): CatalogProvider[];
};

const customFamilies: Array<{ family: WireFamily; name: string; auth: ProviderEntry["auth"] }> = [
  { family: "openai-chat", name: "Custom OpenAI-compatible", auth: { style: "bearer" } },
  { family: "openai-responses", name: "Custom OpenAI Responses", auth: { style: "bearer" } },
  { family: "anthropic", name: "Custom Anthropic Messages", auth: { style: "header", name: "x-api-key" } },
  { family: "gemini", name: "Custom Gemini", auth: { style: "header", name: "x-goog-api-key" } },
];

export function createCatalog(entries: ProviderEntry[]): Catalog {
  const providers = new Map<string, CatalogProvider>();
  for (const entry of entries) {
    const family = entry.family ?? "openai-chat";
    providers.set(entry.id, { ...entry, family, custom: false, usable: familiesWithFormat.has(family) });
  }
  for (const custom of customFamilies) {
    if (providers.has(custom.family)) continue;
    providers.set(custom.family, {
      id: custom.family,
      name: custom.name,
      family: custom.family,
      baseUrl: "",
      auth: custom.auth,
      models: [],
      custom: true,
      usable: familiesWithFormat.has(custom.family),
    });
  }
  return {
    get: (id) => providers.get(id),
    list: () => [...providers.values()],
  };
}

let embedded: Catalog | undefined;

export function embeddedCatalog(): Catalog {
  embedded ??= createCatalog(embeddedProviderEntries());
  return embedded;
}
