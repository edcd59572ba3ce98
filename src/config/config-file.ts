// Reads the declarative config file and validates it, reporting the file, the path of the bad field and what was
// expected. Applying it is apply-config-file.ts.
import { readFileSync } from "node:fs";
import { Value } from "@sinclair/typebox/value";
import type { Catalog } from "../catalog/catalog.ts";
import { ConfigFileError } from "./config-file-error.ts";
import { ConfigFile } from "./config-file-schema.ts";

export { ConfigFileError };

export function readConfigFile(path: string, catalog: Catalog): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigFileError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = path.endsWith(".json") ? JSON.parse(text) : Bun.YAML.parse(text);
  } catch (error) {
    throw new ConfigFileError(path, [`is not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`]);
  }
  data ??= {};
  const problems = [...Value.Errors(ConfigFile, data)].map((error) => `${error.path || "/"}: ${error.message}${describeValue(error.value)}`);
  if (problems.length > 0) throw new ConfigFileError(path, problems.slice(0, 20));
  const config = data as ConfigFile;
  const semanticProblems = checkReferences(config, catalog);
  if (semanticProblems.length > 0) throw new ConfigFileError(path, semanticProblems);
  return config;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "";
  const text = JSON.stringify(value);
  return text && text.length <= 60 ? ` (got ${text})` : "";
}

function checkReferences(config: ConfigFile, catalog: Catalog): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  config.connections?.forEach((connection, index) => {
    const path = `/connections/${index}`;
    if (names.has(connection.name)) problems.push(`${path}/name: duplicate connection name "${connection.name}"`);
    names.add(connection.name);
    const provider = catalog.get(connection.provider);
    if (!provider) {
      problems.push(`${path}/provider: unknown provider "${connection.provider}"; expected a catalog id (see \`amrouter providers available\`) or a family: openai-chat, openai-responses, anthropic, gemini`);
    } else if (provider.custom && !connection.baseUrl) {
      problems.push(`${path}/baseUrl: required for a custom "${connection.provider}" upstream`);
    }
    if (connection.apiKey && connection.apiKeyEnv) problems.push(`${path}: give apiKey or apiKeyEnv, not both`);
  });
  const comboNames = new Set<string>();
  config.combos?.forEach((combo, index) => {
    if (comboNames.has(combo.name)) problems.push(`/combos/${index}/name: duplicate combo name "${combo.name}"`);
    if (names.has(combo.name)) problems.push(`/combos/${index}/name: "${combo.name}" is already a connection name`);
    comboNames.add(combo.name);
  });
  problems.push(...comboCycleProblems(config));
  const keyNames = new Set<string>();
  config.apiKeys?.forEach((apiKey, index) => {
    if (keyNames.has(apiKey.name)) problems.push(`/apiKeys/${index}/name: duplicate API key name "${apiKey.name}"`);
    keyNames.add(apiKey.name);
  });
  return problems;
}

const maxComboDepth = 4;

/** A combo may name other combos, but never itself through any chain, and no deeper than four levels. */
function comboCycleProblems(config: ConfigFile): string[] {
  const combos = new Map((config.combos ?? []).map((combo) => [combo.name, combo]));
  const nestedNames = (target: string) => {
    const name = target.startsWith("combo:") || target.startsWith("combo/") ? target.slice(6) : target;
    return combos.has(name) ? name : undefined;
  };
  const problems: string[] = [];
  (config.combos ?? []).forEach((combo, index) => {
    const walk = (name: string, path: string[]): string | undefined => {
      if (path.includes(name)) return `/combos/${index}/models: combo "${combo.name}" refers to itself through ${[...path, name].join(" → ")}`;
      if (path.length > maxComboDepth) return `/combos/${index}/models: combo "${combo.name}" nests more than ${maxComboDepth} combos deep`;
      for (const target of combos.get(name)?.models ?? []) {
        const nested = nestedNames(target);
        const problem = nested ? walk(nested, [...path, name]) : undefined;
        if (problem) return problem;
      }
      return undefined;
    };
    const problem = walk(combo.name, []);
    if (problem) problems.push(problem);
  });
  return problems;
}
