// What offline CLI commands share: settings and storage for the data directory, without starting a server.
import { loadSettings, type GatewaySettings, type SettingsOverrides } from "../config/settings.ts";
import { openStorage, type Storage } from "../storage/database.ts";

export type CommandContext = { settings: GatewaySettings; storage: Storage; print(line: string): void };

export function openCommandContext(overrides: SettingsOverrides, print: (line: string) => void = console.log): CommandContext {
  const settings = loadSettings(overrides);
  return { settings, storage: openStorage(settings.databasePath), print };
}

/** Formats rows as aligned columns for terminal output. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}
