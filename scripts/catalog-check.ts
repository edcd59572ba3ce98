// `bun run catalog:check`: validates every file in providers/ and prints one line per problem, then a summary.
// Exits 1 when any problem is found, so CI fails before a broken catalog is embedded into the binary.
import { familiesWithFormat } from "../src/protocol/family-formats.ts";
import { readProviderFiles } from "../src/catalog/read-provider-files.ts";
import { validateCatalog } from "../src/catalog/validate-catalog.ts";

const files = readProviderFiles();
const { entries, problems } = validateCatalog(files);
for (const problem of problems) console.error(problem);

const usable = entries.filter((entry) => familiesWithFormat.has(entry.family ?? "openai-chat")).length;
const awaiting = entries.length - usable;
console.log(
  `catalog: ${files.length} providers (${usable} usable now, ${awaiting} awaiting their wire family), ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
);
if (problems.length > 0) process.exit(1);
