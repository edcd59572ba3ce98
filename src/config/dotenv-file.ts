// Reads and appends DATA_DIR/.env: the file that keeps the generated secrets across upgrades.
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";

export function readDotenvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const values: Record<string, string> = {};
  for (const rawLine of readFileSync(path, "utf8").split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const separator = line.indexOf("=");
    if (separator <= 0) continue;
    const key = line.slice(0, separator).trim().replace(/^export\s+/, "");
    let value = line.slice(separator + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) value = value.slice(1, -1);
    values[key] = value;
  }
  return values;
}

/** Adds lines to the file (creating it with mode 0600); existing lines are never rewritten. */
export function appendDotenvValues(path: string, values: Record<string, string>, header?: string): void {
  const lines = Object.entries(values).map(([key, value]) => `${key}=${value}`);
  if (lines.length === 0) return;
  const text = (header ? `# ${header}\n` : "") + lines.join("\n") + "\n";
  if (existsSync(path)) {
    const current = readFileSync(path, "utf8");
    appendFileSync(path, (current.endsWith("\n") || current === "" ? "" : "\n") + text);
  } else {
    writeFileSync(path, text, { mode: 0o600 });
  }
  chmodSync(path, 0o600);
}
