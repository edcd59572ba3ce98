// A Bun macro: runs when the code is bundled (and when Bun transpiles it in development), so the validated
// provider catalog is inlined into the compiled binary and no files are needed on disk. A broken data file
// fails the build with the file and the field.
import type { ProviderEntry } from "./provider-schema.ts";
import { readProviderFiles } from "./read-provider-files.ts";
import { validateCatalog } from "./validate-catalog.ts";

export function embeddedProviderEntries(): ProviderEntry[] {
  const { entries, problems } = validateCatalog(readProviderFiles());
  if (problems.length > 0) throw new Error(`provider catalog has problems:\n${problems.join("\n")}`);
  return entries;
}
