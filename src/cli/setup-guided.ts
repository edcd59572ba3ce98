// `amrouter setup` with no --provider: the same steps as the scripted form, asked one by one in the terminal. A
// failing test offers another key, URL, setting or model, saving anyway, or quitting without saving anything.
import { embeddedCatalog } from "../catalog/catalog.ts";
import type { CommandContext } from "./command-context.ts";
import { formatProbeResult, probeConnection, type ProbeResult } from "./providers-test-command.ts";
import { checkBaseUrl, checkKeyName, envVarPattern, settingsFromFlags } from "./setup-checks.ts";
import type { SetupFlags } from "./setup-flags.ts";
import { printOutcome } from "./setup-outcome.ts";
import { candidateConnection, finish, freeKeyName, type Plan } from "./setup-plan.ts";
import type { Prompter } from "./setup-prompts.ts";
import { askProvider } from "./setup-provider-choice.ts";
import { askBaseUrl, askCredential, askModel, askName, askSettings } from "./setup-questions.ts";

async function askKeyName(prompter: Prompter, context: CommandContext, plan: Plan, suggested: string | undefined): Promise<string> {
  for (;;) {
    const keyName = await prompter.ask("Name for the client key", suggested ?? freeKeyName(context, `${plan.name}-client`));
    const problem = checkKeyName(context, keyName);
    if (!problem) return keyName;
    prompter.write(`${problem}\n`);
  }
}

export async function runGuidedSetup(context: CommandContext, flags: SetupFlags, prompter: Prompter): Promise<number> {
  const catalog = embeddedCatalog();
  prompter.write("AmRouter setup: connect a provider, test it, create a client key and get client snippets.\n\n");
  const provider = await askProvider(prompter, catalog);
  const plan: Plan = { provider, name: await askName(prompter, context, provider, flags.name), baseUrl: null, settings: {} };
  plan.settings = await askSettings(prompter, provider, settingsFromFlags(provider, flags.settings ?? []));
  const flagUrl = flags.baseUrl !== undefined ? checkBaseUrl(flags.baseUrl) : undefined;
  plan.baseUrl = await askBaseUrl(prompter, provider, plan.settings, flagUrl && "url" in flagUrl ? flagUrl.url : null);
  if (flags.apiKey && flags.apiKey !== "-") plan.credential = flags.apiKey;
  else if (flags.apiKeyEnv && envVarPattern.test(flags.apiKeyEnv)) plan.credentialEnv = flags.apiKeyEnv;
  else Object.assign(plan, await askCredential(prompter, provider));
  let model = await askModel(prompter, candidateConnection(context, plan), flags.model, flags.timeoutMs);

  const hasSettings = Object.keys(provider.settings ?? {}).length > 0;
  let test: ProbeResult | null = null;
  for (;;) {
    prompter.write(`Testing ${plan.name} with ${model}…\n`);
    test = await probeConnection(candidateConnection(context, plan), { model, timeoutMs: flags.timeoutMs });
    prompter.write(`${formatProbeResult(test).join("\n")}\n`);
    if (test.ok) break;
    const settingsChoice = hasSettings ? " (e) other settings," : "";
    const choice = (await prompter.ask(`What now? (k) another key, (u) another base URL,${settingsChoice} (m) another model, (s) save anyway, (q) quit`, "k")).toLowerCase();
    if (choice.startsWith("q")) {
      prompter.write("Nothing was saved.\n");
      return 1;
    }
    if (choice.startsWith("s")) break;
    if (choice.startsWith("u")) plan.baseUrl = await askBaseUrl(prompter, provider, plan.settings, plan.baseUrl);
    else if (choice.startsWith("e") && hasSettings) plan.settings = await askSettings(prompter, provider, plan.settings);
    else if (choice.startsWith("m")) model = await askModel(prompter, candidateConnection(context, plan), undefined, flags.timeoutMs);
    else {
      delete plan.credential;
      delete plan.credentialEnv;
      Object.assign(plan, await askCredential(prompter, provider));
    }
  }

  const keyName = await askKeyName(prompter, context, plan, flags.keyName);
  prompter.write("\n");
  await printOutcome(context, finish(context, plan, model, test, keyName));
  return 0;
}
