// Reads every provider data file in providers/ (JSON or YAML, found by glob: there is no central list).
// Used at build time by the catalog macro and by `bun run catalog:check`; never on the request path.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type ProviderFile = { file: string; data: unknown };

export const providersDirectory = join(import.meta.dir, "..", "..", "providers");

export function readProviderFiles(directory: string = providersDirectory): ProviderFile[] {
  const glob = new Bun.Glob("*.{json,yaml,yml}");
  const files = [...glob.scanSync({ cwd: directory })].sort();
  return files.map((file) => {
    const text = readFileSync(join(directory, file), "utf8");
    const data: unknown = file.endsWith(".json") ? JSON.parse(text) : Bun.YAML.parse(text);
    return { file, data };
  });
}
