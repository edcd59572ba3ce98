// The first question of the guided setup: which provider. Type part of a name to search, a number from the last
// list shown, or ? for the whole catalog; a typo gets the closest ids.
import type { Catalog, CatalogProvider } from "../catalog/catalog.ts";
import { checkUsable, suggestProviderIds } from "./setup-checks.ts";
import type { Prompter } from "./setup-prompts.ts";

function pickList(catalog: Catalog): CatalogProvider[] {
  const usable = catalog.list().filter((provider) => provider.usable);
  const byId = (left: CatalogProvider, right: CatalogProvider) => left.id.localeCompare(right.id);
  return [...usable.filter((provider) => !provider.custom).sort(byId), ...usable.filter((provider) => provider.custom).sort(byId)];
}

function formatChoices(choices: CatalogProvider[]): string {
  const shorten = (text: string) => (text.length > 34 ? `${text.slice(0, 33)}…` : text);
  const idWidth = Math.max(...choices.map((provider) => provider.id.length));
  const nameWidth = Math.max(...choices.map((provider) => shorten(provider.name).length));
  const numberWidth = String(choices.length).length;
  return choices
    .map((provider, index) => {
      const detail = provider.custom ? "your own URL" : [provider.family, provider.category].filter(Boolean).join(", ");
      return `  ${String(index + 1).padStart(numberWidth)}  ${provider.id.padEnd(idWidth)}  ${shorten(provider.name).padEnd(nameWidth)}  ${detail}`;
    })
    .join("\n");
}

export async function askProvider(prompter: Prompter, catalog: Catalog): Promise<CatalogProvider> {
  const all = pickList(catalog);
  let shown: CatalogProvider[] = all;
  prompter.write("Which provider? Type part of its name to search, a number from the list, or ? to list them all.\n");
  for (;;) {
    const answer = await prompter.ask("provider");
    const lowered = answer.toLowerCase();
    if (answer === "" || answer === "?") {
      shown = all;
      prompter.write(`${formatChoices(all)}\n`);
      continue;
    }
    if (/^\d+$/.test(answer)) {
      const picked = shown[Number(answer) - 1];
      if (picked) return picked;
      prompter.write(`Pick a number from 1 to ${shown.length}.\n`);
      continue;
    }
    const exact = catalog.get(lowered);
    if (exact) {
      const unusable = checkUsable(exact);
      if (!unusable) return exact;
      prompter.write(`${unusable} Pick another.\n`);
      continue;
    }
    const matches = all.filter((provider) => provider.id.includes(lowered) || provider.name.toLowerCase().includes(lowered));
    if (matches.length === 1) {
      prompter.write(`→ ${matches[0]!.id} (${matches[0]!.name})\n`);
      return matches[0]!;
    }
    if (matches.length > 1) {
      shown = matches;
      prompter.write(`${formatChoices(matches)}\nType a number, or more letters to narrow it down.\n`);
      continue;
    }
    const suggestions = suggestProviderIds(catalog, lowered);
    prompter.write(`Nothing matches "${answer}".${suggestions.length > 0 ? ` Closest: ${suggestions.join(", ")}.` : ""}\n`);
  }
}
