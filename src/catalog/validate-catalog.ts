// Checks the provider data files before they reach the gateway. The schema alone cannot see mistakes that span
// fields or files (an id that differs from its file name, two files with one id, a cloud URL over plain http, a
// price of infinity), and a bad entry found here is a clear message at build time instead of a failed request later.
import { Value } from "@sinclair/typebox/value";
import type { ProviderFile } from "./read-provider-files.ts";
import { ProviderEntry, wireFamilies } from "./provider-schema.ts";

export type CatalogValidation = { entries: ProviderEntry[]; problems: string[] };

const placeholderPattern = /\{[^{}]+\}/g;
const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** Families whose base URL the gateway uses as written, so a `{placeholder}` in it could never be filled in. */
const familiesWithoutPlaceholders = new Set(["openai-chat"]);

export function validateCatalog(files: ProviderFile[]): CatalogValidation {
  const entries: ProviderEntry[] = [];
  const problems: string[] = [];
  const fileById = new Map<string, string>();

  for (const { file, data } of files) {
    const fileProblems = [...schemaProblems(data), ...fieldProblems(data, file)];
    const id = isRecord(data) && typeof data.id === "string" ? data.id : undefined;
    if (id !== undefined) {
      const earlierFile = fileById.get(id);
      if (earlierFile !== undefined) fileProblems.push(`/id: duplicate id "${id}", already used by ${earlierFile}`);
      else fileById.set(id, file);
    }
    problems.push(...fileProblems.map((problem) => `${file}: ${problem}`));
    if (fileProblems.length === 0) entries.push(data as ProviderEntry);
  }
  return { entries, problems };
}

function schemaProblems(data: unknown): string[] {
  const problems: string[] = [];
  for (const error of Value.Errors(ProviderEntry, data)) {
    // An unknown family is reported once, by fieldProblems, instead of once per union member.
    if (error.path === "/family") continue;
    problems.push(`${error.path || "/"}: ${error.message}`);
  }
  return problems;
}

function fieldProblems(data: unknown, file: string): string[] {
  if (!isRecord(data)) return [];
  const problems: string[] = [];

  const stem = file.replace(/\.(json|ya?ml)$/, "");
  if (typeof data.id === "string" && data.id !== stem) problems.push(`/id: id "${data.id}" does not match the file name "${stem}"`);

  const family = data.family ?? "openai-chat";
  if (!(wireFamilies as readonly unknown[]).includes(family)) problems.push(`/family: unknown wire family "${String(family)}"`);

  if (typeof data.baseUrl === "string") problems.push(...baseUrlProblems(data.baseUrl, data.local === true, String(family)));
  if (typeof data.docsUrl === "string" && parseUrl(data.docsUrl)?.protocol !== "https:") {
    problems.push(`/docsUrl: "${data.docsUrl}" is not an https URL`);
  }
  if (Array.isArray(data.models)) problems.push(...modelProblems(data.models));
  return problems;
}

function baseUrlProblems(baseUrl: string, local: boolean, family: string): string[] {
  const problems: string[] = [];
  const hasPlaceholder = baseUrl.match(placeholderPattern) !== null;
  if (hasPlaceholder && familiesWithoutPlaceholders.has(family)) {
    problems.push(`/baseUrl: "${baseUrl}" has a {placeholder}, which the ${family} family cannot fill in`);
  }
  const url = parseUrl(baseUrl.replace(placeholderPattern, "placeholder"));
  if (url === undefined) return [...problems, `/baseUrl: "${baseUrl}" is not a valid URL`];
  if (local) {
    const loopback = isLoopbackHost(url.hostname);
    if (!loopback || (url.protocol !== "http:" && url.protocol !== "https:")) {
      problems.push(`/baseUrl: a local provider must use a loopback http(s) URL, not "${baseUrl}"`);
    }
  } else if (url.protocol !== "https:") {
    problems.push(`/baseUrl: "${baseUrl}" must use https (only local providers may use http)`);
  }
  return problems;
}

function modelProblems(models: unknown[]): string[] {
  const problems: string[] = [];
  const seenModelIds = new Set<string>();
  models.forEach((model, index) => {
    if (!isRecord(model)) return;
    if (typeof model.id === "string") {
      if (seenModelIds.has(model.id)) problems.push(`/models/${index}/id: duplicate model id "${model.id}"`);
      seenModelIds.add(model.id);
    }
    if (isRecord(model.price)) {
      for (const [field, value] of Object.entries(model.price)) {
        if (typeof value === "number" && !Number.isFinite(value)) {
          problems.push(`/models/${index}/price/${field}: price must be a finite number, not ${value}`);
        }
      }
    }
  });
  return problems;
}

function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
