// A Bun macro: runs when the code is bundled (and when Bun transpiles it in development), so the provider
// catalog is inlined into the compiled binary and no files are needed on disk.
import { readProviderFiles, type ProviderFile } from "./read-provider-files.ts";

export function embeddedProviderFiles(): ProviderFile[] {
  return readProviderFiles();
}
