// `amrouter setup`: connect a provider, test it, create a client key and print ready-to-paste client snippets.
// Guided in the terminal when no --provider is given; the same steps without questions for scripts:
//   amrouter setup --provider ID [--name NAME] [--base-url URL] [--api-key KEY | --api-key-env VAR]
//                  [--model MODEL] [--key-name NAME] [--skip-test] [--timeout-ms N] [--json]
// A connection is saved only after its test passed (or --skip-test, or the user says so); the provider key is
// never printed, and is stored encrypted.
import { embeddedCatalog, type Catalog, type CatalogProvider } from "../catalog/catalog.ts";
import { SettingsError, type GatewaySettings } from "../config/settings.ts";
import { createConnectionRegistry, type Connection } from "../gateway/connection-registry.ts";
import { createLogger } from "../logging/logger.ts";
import { createCredentialCipher } from "../security/credential-encryption.ts";
import { openStorage } from "../storage/database.ts";
import { createApiKey, findApiKeyRow } from "../storage/repositories/api-keys-repository.ts";
import { findConnectionRow, upsertConnection, type ConnectionInput } from "../storage/repositories/connections-repository.ts";
import { clientSnippets, formatSnippetsForTerminal, type ClientSnippet } from "./client-snippets.ts";
import type { CommandContext } from "./command-context.ts";
import { chooseTestModel, formatProbeResult, probeConnection, type ProbeResult } from "./providers-test-command.ts";
import { createTerminalPrompter, SetupCancelled, type Prompter } from "./setup-prompts.ts";

export type SetupFlags = {
  provider?: string;
  name?: string;
  baseUrl?: string;
  apiKey?: string;
  apiKeyEnv?: string;
  model?: string;
  keyName?: string;
  skipTest?: boolean;
  json?: boolean;
  timeoutMs?: number;
};

/** A problem with what the user asked for: printed as is, exit code 2. */
export class SetupInputError extends Error {}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const envVarPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const discoverableFamilies = new Set(["openai-chat", "openai-responses"]);

export function parseTimeoutFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 600_000) throw new SettingsError(`--timeout-ms must be an integer from 1 to 600000, got "${value}"`);
  return number;
}

export function setupFlagsFromValues(values: { [name: string]: string | boolean | undefined }): SetupFlags {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  return {
    provider: text("provider"),
    name: text("name"),
    baseUrl: text("base-url"),
    apiKey: text("api-key"),
    apiKeyEnv: text("api-key-env"),
    model: text("model"),
    keyName: text("key-name"),
    skipTest: values["skip-test"] === true,
    json: values.json === true,
    timeoutMs: parseTimeoutFlag(text("timeout-ms")),
  };
}

// ---- shared steps ----------------------------------------------------------------------------------------

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/** Provider ids closest to what was typed: containing it first, then by edit distance. */
export function suggestProviderIds(catalog: Catalog, typed: string, limit = 5): string[] {
  const needle = typed.toLowerCase();
  const scored = catalog
    .list()
    .filter((provider) => provider.usable)
    .map((provider) => {
      const id = provider.id;
      const contains = id.includes(needle) || needle.includes(id) || provider.name.toLowerCase().includes(needle);
      return { id, score: contains ? 0 : editDistance(needle, id) };
    })
    .filter((entry) => entry.score <= Math.max(2, Math.floor(needle.length / 3)))
    .sort((left, right) => left.score - right.score || left.id.length - right.id.length || left.id.localeCompare(right.id));
  return scored.slice(0, limit).map((entry) => entry.id);
}

function unknownProviderMessage(catalog: Catalog, id: string): string {
  const suggestions = suggestProviderIds(catalog, id);
  return `Unknown provider "${id}".${suggestions.length > 0 ? ` Did you mean: ${suggestions.join(", ")}?` : ""} See: amrouter providers available --search TEXT`;
}

function checkUsable(provider: CatalogProvider): string | undefined {
  return provider.usable ? undefined : `${provider.name} speaks ${provider.family}, which AmRouter does not support yet.`;
}

export function checkConnectionName(name: string): string | undefined {
  if (!namePattern.test(name) || name.length > 64) return `A connection name is letters, digits, . _ - (no slash, at most 64), got "${name}".`;
  return undefined;
}

/** Validates a base URL; returns it without trailing slashes. */
export function checkBaseUrl(value: string): { url: string } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { problem: `"${value}" is not a URL. Give the full address, e.g. https://api.example.com/v1` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { problem: `The base URL must start with http:// or https://, got "${value}".` };
  if (parsed.username || parsed.password) return { problem: "Put the key in the API key, not in the URL." };
  if (parsed.search || parsed.hash) return { problem: "The base URL cannot have a query string or fragment." };
  return { url: value.replace(/\/+$/, "") };
}

/** The user must give a base URL: a custom upstream, or a catalog URL with a {placeholder} in it. */
function needsBaseUrl(provider: CatalogProvider): boolean {
  return provider.custom || provider.baseUrl === "" || /\{[A-Za-z_]+\}/.test(provider.baseUrl);
}

function baseUrlHint(provider: CatalogProvider): string {
  if (/\{[A-Za-z_]+\}/.test(provider.baseUrl)) return `fill in ${provider.baseUrl}`;
  if (provider.family === "anthropic" || provider.family === "gemini") return "the host root, e.g. https://api.example.com";
  return "OpenAI-compatible URLs end in /v1, e.g. http://127.0.0.1:8000/v1";
}

type Plan = {
  provider: CatalogProvider;
  name: string;
  /** Null keeps the catalog's URL (and follows catalog updates). */
  baseUrl: string | null;
  credential?: string;
  credentialEnv?: string;
};

function connectionInput(plan: Plan, model: string | undefined): ConnectionInput {
  // A custom upstream whose family has no model listing is given the tested model, so bare names and /v1/models know it.
  const models = plan.provider.custom && !discoverableFamilies.has(plan.provider.family) && model ? [model] : [];
  return {
    name: plan.name,
    provider: plan.provider.id,
    baseUrl: plan.baseUrl,
    credential: plan.credential ?? null,
    credentialEnv: plan.credential ? null : (plan.credentialEnv ?? null),
    models,
    source: "api",
  };
}

/** The connection exactly as the gateway will build it (through the registry), before anything is saved. */
function candidateConnection(context: CommandContext, plan: Plan): Connection {
  const scratch = openStorage(":memory:");
  try {
    const cipher = createCredentialCipher(context.settings.apiKeySecret);
    upsertConnection(scratch, cipher, connectionInput(plan, undefined));
    return createConnectionRegistry(scratch, embeddedCatalog(), cipher, createLogger("error")).byName(plan.name)!;
  } finally {
    scratch.close();
  }
}

function saveConnection(context: CommandContext, plan: Plan, model: string | undefined): { created: boolean } {
  const existed = findConnectionRow(context.storage, plan.name) !== undefined;
  upsertConnection(context.storage, createCredentialCipher(context.settings.apiKeySecret), connectionInput(plan, model));
  return { created: !existed };
}

function freeKeyName(context: CommandContext, base: string): string {
  if (!findApiKeyRow(context.storage, base)) return base;
  for (let suffix = 2; ; suffix++) if (!findApiKeyRow(context.storage, `${base}-${suffix}`)) return `${base}-${suffix}`;
}

function checkKeyName(context: CommandContext, name: string): string | undefined {
  if (!namePattern.test(name) || name.length > 64) return `A key name is letters, digits, . _ - (at most 64), got "${name}".`;
  if (findApiKeyRow(context.storage, name)) return `A key named "${name}" already exists; pick another --key-name.`;
  return undefined;
}

/** The URL clients use to reach this gateway; a wildcard listen address becomes loopback. */
export function gatewayUrlFor(settings: Pick<GatewaySettings, "host" | "port">): string {
  const host = settings.host === "0.0.0.0" || settings.host === "" ? "127.0.0.1" : settings.host === "::" ? "::1" : settings.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${settings.port}`;
}

async function gatewayIsRunning(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(800) });
    return response.ok;
  } catch {
    return false;
  }
}

function describeCredential(plan: Plan): string {
  if (plan.credential) return "key stored encrypted";
  if (plan.credentialEnv) return `key read from $${plan.credentialEnv} when the gateway starts`;
  return "no key";
}

type Outcome = { plan: Plan; model: string | undefined; test: ProbeResult | null; created: boolean; key: { name: string; key: string }; snippets: ClientSnippet[] };

function finish(context: CommandContext, plan: Plan, model: string | undefined, test: ProbeResult | null, keyName: string): Outcome {
  const { created } = saveConnection(context, plan, model);
  const key = createApiKey(context.storage, keyName, { scope: "client", source: "api" });
  const snippets = clientSnippets({ gatewayUrl: gatewayUrlFor(context.settings), apiKey: key.key, model: `${plan.name}/${model ?? "MODEL"}` });
  return { plan, model, test, created, key: { name: keyName, key: key.key }, snippets };
}

async function printOutcome(context: CommandContext, outcome: Outcome): Promise<void> {
  const { plan } = outcome;
  const url = gatewayUrlFor(context.settings);
  context.print(`${outcome.created ? "Saved" : "Updated"} connection "${plan.name}" (${plan.provider.name}, ${describeCredential(plan)}).`);
  context.print(`Created client key "${outcome.key.name}". It is shown only once:\n\n  ${outcome.key.key}\n`);
  const running = await gatewayIsRunning(url);
  context.print(`Point your clients at ${url}${running ? " (the gateway is running)" : " (start the gateway first: amrouter)"}.`);
  if (!context.settings.requireApiKey) context.print("Keys are checked only when REQUIRE_API_KEY=true; clients may send this one already.");
  if (!outcome.model) context.print("Replace MODEL below with a model this provider serves.");
  context.print(`\n${formatSnippetsForTerminal(outcome.snippets)}`);
}

function outcomeJson(context: CommandContext, outcome: Outcome | undefined, plan: Plan, test: ProbeResult | null, model: string | undefined) {
  return {
    connection: {
      name: plan.name,
      provider: plan.provider.id,
      family: plan.provider.family,
      baseUrl: plan.baseUrl ?? plan.provider.baseUrl,
      credential: plan.credential ? "encrypted" : plan.credentialEnv ? "env" : "none",
      credentialEnv: plan.credential ? null : (plan.credentialEnv ?? null),
      saved: outcome !== undefined,
      created: outcome?.created ?? false,
    },
    model: model ?? null,
    gatewayUrl: gatewayUrlFor(context.settings),
    test,
    key: outcome?.key ?? null,
    snippets: outcome?.snippets ?? [],
  };
}

// ---- with flags --------------------------------------------------------------------------------------------

async function readKeyFromStdin(): Promise<string> {
  const text = await new Response(Bun.stdin.stream()).text();
  return text.split(/\r?\n/)[0]?.trim() ?? "";
}

async function runScriptedSetup(context: CommandContext, flags: SetupFlags): Promise<number> {
  const catalog = embeddedCatalog();
  const provider = catalog.get(flags.provider!);
  if (!provider) throw new SetupInputError(unknownProviderMessage(catalog, flags.provider!));
  const unusable = checkUsable(provider);
  if (unusable) throw new SetupInputError(unusable);

  const name = flags.name ?? provider.id;
  const nameProblem = checkConnectionName(name);
  if (nameProblem) throw new SetupInputError(nameProblem);

  let baseUrl: string | null = null;
  if (flags.baseUrl !== undefined) {
    const checked = checkBaseUrl(flags.baseUrl);
    if ("problem" in checked) throw new SetupInputError(`--base-url: ${checked.problem}`);
    baseUrl = checked.url === provider.baseUrl.replace(/\/+$/, "") ? null : checked.url;
  } else if (needsBaseUrl(provider)) {
    throw new SetupInputError(`--base-url is required for ${provider.custom ? `a custom ${provider.family} upstream` : provider.name} (${baseUrlHint(provider)}).`);
  }

  if (flags.apiKey !== undefined && flags.apiKeyEnv !== undefined) throw new SetupInputError("Give --api-key or --api-key-env, not both.");
  const plan: Plan = { provider, name, baseUrl };
  if (flags.apiKey !== undefined) {
    plan.credential = flags.apiKey === "-" ? await readKeyFromStdin() : flags.apiKey.trim();
    if (!plan.credential) throw new SetupInputError("--api-key is empty.");
  } else if (flags.apiKeyEnv !== undefined) {
    if (!envVarPattern.test(flags.apiKeyEnv)) throw new SetupInputError(`--api-key-env takes a variable name (letters, digits, _), got "${flags.apiKeyEnv}".`);
    plan.credentialEnv = flags.apiKeyEnv;
  } else if (provider.auth.style !== "none") {
    if (provider.auth.style === "oauth") throw new SetupInputError(`${provider.name} signs in with OAuth: run amrouter login ${provider.id}, or pass a token with --api-key.`);
    if (!provider.envVar) throw new SetupInputError(`${provider.name} needs a key: pass --api-key KEY (or - to read it from stdin) or --api-key-env VAR.`);
    plan.credentialEnv = provider.envVar;
  }

  const keyName = flags.keyName ?? freeKeyName(context, `${name}-client`);
  const keyProblem = checkKeyName(context, keyName);
  if (keyProblem) throw new SetupInputError(keyProblem);

  const connection = candidateConnection(context, plan);
  let model = flags.model;
  let test: ProbeResult | null = null;
  if (!flags.skipTest) {
    model ??= await chooseTestModel(connection, { timeoutMs: flags.timeoutMs });
    if (!flags.json) context.print(`Testing ${name} (${connection.baseUrl}) with ${model ?? "?"}…`);
    test = await probeConnection(connection, { model, timeoutMs: flags.timeoutMs });
    if (!test.ok) {
      if (flags.json) context.print(JSON.stringify(outcomeJson(context, undefined, plan, test, model)));
      else {
        for (const line of formatProbeResult(test)) context.print(line);
        context.print("Nothing was saved. Fix the problem above, or pass --skip-test to save the connection untested.");
      }
      return 1;
    }
    if (!flags.json) for (const line of formatProbeResult(test)) context.print(line);
  } else {
    model ??= provider.models[0]?.id;
  }

  const outcome = finish(context, plan, model, test, keyName);
  if (flags.json) context.print(JSON.stringify(outcomeJson(context, outcome, plan, test, model)));
  else await printOutcome(context, outcome);
  return 0;
}

// ---- guided ------------------------------------------------------------------------------------------------

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

async function askProvider(prompter: Prompter, catalog: Catalog): Promise<CatalogProvider> {
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

async function askName(prompter: Prompter, context: CommandContext, provider: CatalogProvider, suggested: string | undefined): Promise<string> {
  for (;;) {
    const name = await prompter.ask("Connection name (clients name models as NAME/model)", suggested ?? provider.id);
    const problem = checkConnectionName(name);
    if (problem) {
      prompter.write(`${problem}\n`);
      continue;
    }
    const existing = findConnectionRow(context.storage, name);
    if (!existing) return name;
    if (await prompter.confirm(`A connection named "${name}" already exists (provider ${existing.provider}). Replace it?`, false)) return name;
  }
}

async function askBaseUrl(prompter: Prompter, provider: CatalogProvider, current: string | null): Promise<string | null> {
  const required = needsBaseUrl(provider);
  if (required) prompter.write(`Base URL of your ${provider.custom ? `${provider.family} upstream` : provider.name} endpoint: ${baseUrlHint(provider)}.\n`);
  const catalogUrl = provider.baseUrl.replace(/\/+$/, "");
  for (;;) {
    const answer = await prompter.ask("Base URL", current ?? (required ? undefined : catalogUrl));
    if (answer === "") {
      prompter.write("A base URL is needed.\n");
      continue;
    }
    const checked = checkBaseUrl(answer);
    if ("problem" in checked) {
      prompter.write(`${checked.problem}\n`);
      continue;
    }
    return checked.url === catalogUrl ? null : checked.url;
  }
}

async function askCredential(prompter: Prompter, provider: CatalogProvider): Promise<Pick<Plan, "credential" | "credentialEnv">> {
  const auth = provider.auth;
  if (auth.style === "none") {
    prompter.write("No key needed.\n");
    return {};
  }
  if (auth.style === "oauth" && auth.flow !== "token-import") {
    prompter.write(`${provider.name} signs in with OAuth: to sign in, quit (Ctrl-C) and run amrouter login ${provider.id}. Or paste an access token you already have.\n`);
  }
  if (auth.style === "aws-sigv4") prompter.write(`${provider.name} takes an API key, or IAM keys as ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN] (signed with SigV4).\n`);
  const what = auth.style === "oauth" ? "Access token" : "API key";
  const envHint = provider.envVar ? `Enter to use $${provider.envVar}, or $NAME for another variable` : "or $NAME to read it from an environment variable";
  for (;;) {
    const answer = await prompter.askSecret(`${what} for ${provider.name} (${prompter.terminal ? "hidden; " : ""}${envHint})`);
    let variable: string | undefined;
    if (answer === "" && provider.envVar) variable = provider.envVar;
    else if (answer.startsWith("$") && envVarPattern.test(answer.slice(1))) variable = answer.slice(1);
    else if (answer === provider.envVar) variable = answer;
    if (variable) {
      if (!process.env[variable]) prompter.write(`Note: $${variable} is not set in this shell, so the test will fail; the gateway reads it when it starts.\n`);
      return { credentialEnv: variable };
    }
    if (answer === "") {
      prompter.write(`A ${what.toLowerCase()} is needed.\n`);
      continue;
    }
    if (/\s/.test(answer)) {
      prompter.write(`That has spaces in it; paste only the ${what.toLowerCase()}.\n`);
      continue;
    }
    return { credential: answer };
  }
}

async function askModel(prompter: Prompter, connection: Connection, suggested: string | undefined, timeoutMs: number | undefined): Promise<string> {
  const fallback = suggested ?? (await chooseTestModel(connection, { timeoutMs }));
  if (!fallback) prompter.write("The upstream did not list its models; type the id of one it serves.\n");
  for (;;) {
    const model = await prompter.ask("Model to test with and to put in the snippets", fallback);
    if (model) return model;
  }
}

async function runGuidedSetup(context: CommandContext, flags: SetupFlags, prompter: Prompter): Promise<number> {
  const catalog = embeddedCatalog();
  prompter.write("AmRouter setup: connect a provider, test it, create a client key and get client snippets.\n\n");
  const provider = await askProvider(prompter, catalog);
  const plan: Plan = { provider, name: await askName(prompter, context, provider, flags.name), baseUrl: null };
  const flagUrl = flags.baseUrl !== undefined ? checkBaseUrl(flags.baseUrl) : undefined;
  plan.baseUrl = await askBaseUrl(prompter, provider, flagUrl && "url" in flagUrl ? flagUrl.url : null);
  if (flags.apiKey && flags.apiKey !== "-") plan.credential = flags.apiKey;
  else if (flags.apiKeyEnv && envVarPattern.test(flags.apiKeyEnv)) plan.credentialEnv = flags.apiKeyEnv;
  else Object.assign(plan, await askCredential(prompter, provider));
  let model = await askModel(prompter, candidateConnection(context, plan), flags.model, flags.timeoutMs);

  let test: ProbeResult | null = null;
  for (;;) {
    prompter.write(`Testing ${plan.name} with ${model}…\n`);
    test = await probeConnection(candidateConnection(context, plan), { model, timeoutMs: flags.timeoutMs });
    prompter.write(`${formatProbeResult(test).join("\n")}\n`);
    if (test.ok) break;
    const choice = (await prompter.ask("What now? (k) another key, (u) another base URL, (m) another model, (s) save anyway, (q) quit", "k")).toLowerCase();
    if (choice.startsWith("q")) {
      prompter.write("Nothing was saved.\n");
      return 1;
    }
    if (choice.startsWith("s")) break;
    if (choice.startsWith("u")) plan.baseUrl = await askBaseUrl(prompter, provider, plan.baseUrl);
    else if (choice.startsWith("m")) model = await askModel(prompter, candidateConnection(context, plan), undefined, flags.timeoutMs);
    else {
      delete plan.credential;
      delete plan.credentialEnv;
      Object.assign(plan, await askCredential(prompter, provider));
    }
  }

  let keyName: string;
  for (;;) {
    keyName = await prompter.ask("Name for the client key", flags.keyName ?? freeKeyName(context, `${plan.name}-client`));
    const problem = checkKeyName(context, keyName);
    if (!problem) break;
    prompter.write(`${problem}\n`);
  }
  prompter.write("\n");
  await printOutcome(context, finish(context, plan, model, test, keyName));
  return 0;
}

export async function runSetupCommand(context: CommandContext, flags: SetupFlags, prompter?: Prompter): Promise<number> {
  try {
    if (flags.provider !== undefined) return await runScriptedSetup(context, flags);
    const terminal = prompter ?? createTerminalPrompter();
    try {
      return await runGuidedSetup(context, flags, terminal);
    } finally {
      terminal.close();
    }
  } catch (error) {
    if (error instanceof SetupInputError) {
      context.print(error.message);
      return 2;
    }
    if (error instanceof SetupCancelled) {
      context.print(`\n${error.message} For scripts: amrouter setup --provider ID [--api-key KEY | --api-key-env VAR] (see amrouter --help).`);
      return 1;
    }
    throw error;
  }
}
