// The guided setup's questions about one connection: its name, the provider's settings, the base URL, the key
// and the model to test with. Each asks again until the answer is usable.
import type { CatalogProvider } from "../catalog/catalog.ts";
import type { Connection } from "../gateway/connection-registry.ts";
import { baseUrlFromSettings, settingSpecs, settingsOf } from "../gateway/connection-settings.ts";
import { findConnectionRow } from "../storage/repositories/connections-repository.ts";
import type { CommandContext } from "./command-context.ts";
import { chooseTestModel } from "./providers-test-command.ts";
import { baseUrlHint, checkBaseUrl, checkConnectionName, envVarPattern, needsBaseUrl } from "./setup-checks.ts";
import type { Plan } from "./setup-plan.ts";
import type { Prompter } from "./setup-prompts.ts";

export async function askName(prompter: Prompter, context: CommandContext, provider: CatalogProvider, suggested: string | undefined): Promise<string> {
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

/** Each of the provider's settings, its current value or the catalog default offered; only values that differ from the default are kept. */
export async function askSettings(prompter: Prompter, provider: CatalogProvider, current: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const specs = settingSpecs(provider);
  if (specs.length === 0) return {};
  prompter.write(`${provider.name} takes ${specs.length === 1 ? "a setting" : "settings"} per connection (Enter keeps the value in brackets):\n`);
  const settings: Record<string, string> = {};
  for (const spec of specs) {
    for (;;) {
      const answer = await prompter.ask(`${spec.label}${spec.required ? " (required)" : ""} - ${spec.description}`, current[spec.name] ?? spec.default ?? undefined);
      if (answer === "" && spec.required) {
        prompter.write(`${spec.label} is needed.\n`);
        continue;
      }
      if (answer !== "" && answer !== spec.default) settings[spec.name] = answer;
      break;
    }
  }
  return settings;
}

/** Null keeps the catalog's URL (with the settings filled in). */
export async function askBaseUrl(prompter: Prompter, provider: CatalogProvider, settings: Readonly<Record<string, string>>, current: string | null): Promise<string | null> {
  const required = needsBaseUrl(provider);
  if (required) prompter.write(`Base URL of your ${provider.custom ? `${provider.family} upstream` : provider.name} endpoint: ${baseUrlHint(provider)}.\n`);
  const catalogUrl = baseUrlFromSettings(provider, settingsOf(provider, settings)).replace(/\/+$/, "");
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

export async function askCredential(prompter: Prompter, provider: CatalogProvider): Promise<Pick<Plan, "credential" | "credentialEnv">> {
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

export async function askModel(prompter: Prompter, connection: Connection, suggested: string | undefined, timeoutMs: number | undefined): Promise<string> {
  const fallback = suggested ?? (await chooseTestModel(connection, { timeoutMs }));
  if (!fallback) prompter.write("The upstream did not list its models; type the id of one it serves.\n");
  for (;;) {
    const model = await prompter.ask("Model to test with and to put in the snippets", fallback);
    if (model) return model;
  }
}
