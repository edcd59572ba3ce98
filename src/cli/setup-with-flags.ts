// `amrouter setup --provider ID …`: the whole setup from flags, no questions, for scripts. Everything is checked
// before anything is tested; a connection is saved only after its test passed (or with --skip-test).
import { embeddedCatalog } from "../catalog/catalog.ts";
import { baseUrlFromSettings, settingsOf } from "../gateway/connection-settings.ts";
import type { CommandContext } from "./command-context.ts";
import { chooseTestModel, formatProbeResult, probeConnection, type ProbeResult } from "./providers-test-command.ts";
import { baseUrlHint, checkBaseUrl, checkConnectionName, checkKeyName, checkUsable, envVarPattern, needsBaseUrl, settingsFromFlags, SetupInputError, unknownProviderMessage } from "./setup-checks.ts";
import type { SetupFlags } from "./setup-flags.ts";
import { outcomeJson, printOutcome } from "./setup-outcome.ts";
import { candidateConnection, finish, freeKeyName, missingSetting, type Plan } from "./setup-plan.ts";

async function readKeyFromStdin(): Promise<string> {
  const text = await new Response(Bun.stdin.stream()).text();
  return text.split(/\r?\n/)[0]?.trim() ?? "";
}

async function planFromFlags(flags: SetupFlags): Promise<Plan> {
  const catalog = embeddedCatalog();
  const provider = catalog.get(flags.provider!);
  if (!provider) throw new SetupInputError(unknownProviderMessage(catalog, flags.provider!));
  const unusable = checkUsable(provider);
  if (unusable) throw new SetupInputError(unusable);

  const name = flags.name ?? provider.id;
  const nameProblem = checkConnectionName(name);
  if (nameProblem) throw new SetupInputError(nameProblem);
  const settings = settingsFromFlags(provider, flags.settings ?? []);

  let baseUrl: string | null = null;
  if (flags.baseUrl !== undefined) {
    const checked = checkBaseUrl(flags.baseUrl);
    if ("problem" in checked) throw new SetupInputError(`--base-url: ${checked.problem}`);
    const catalogUrls = [provider.baseUrl, baseUrlFromSettings(provider, settingsOf(provider, settings))].map((url) => url.replace(/\/+$/, ""));
    baseUrl = catalogUrls.includes(checked.url) ? null : checked.url;
  } else if (needsBaseUrl(provider)) {
    throw new SetupInputError(`--base-url is required for ${provider.custom ? `a custom ${provider.family} upstream` : provider.name} (${baseUrlHint(provider)}).`);
  }

  if (flags.apiKey !== undefined && flags.apiKeyEnv !== undefined) throw new SetupInputError("Give --api-key or --api-key-env, not both.");
  const plan: Plan = { provider, name, baseUrl, settings };
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
  return plan;
}

export async function runScriptedSetup(context: CommandContext, flags: SetupFlags): Promise<number> {
  const plan = await planFromFlags(flags);
  const keyName = flags.keyName ?? freeKeyName(context, `${plan.name}-client`);
  const keyProblem = checkKeyName(context, keyName);
  if (keyProblem) throw new SetupInputError(keyProblem);

  const connection = candidateConnection(context, plan);
  const missing = missingSetting(connection);
  if (missing) throw new SetupInputError(`${plan.provider.name} needs the ${missing.name} setting (${missing.description}): pass --setting ${missing.name}=VALUE.`);
  let model = flags.model;
  let test: ProbeResult | null = null;
  if (!flags.skipTest) {
    model ??= await chooseTestModel(connection, { timeoutMs: flags.timeoutMs });
    if (!flags.json) context.print(`Testing ${plan.name} (${connection.baseUrl}) with ${model ?? "?"}…`);
    test = await probeConnection(connection, { model, timeoutMs: flags.timeoutMs });
    if (!test.ok) {
      if (flags.json) context.print(JSON.stringify(outcomeJson(context, undefined, plan, connection.baseUrl, test, model)));
      else {
        for (const line of formatProbeResult(test)) context.print(line);
        context.print("Nothing was saved. Fix the problem above, or pass --skip-test to save the connection untested.");
      }
      return 1;
    }
    if (!flags.json) for (const line of formatProbeResult(test)) context.print(line);
  } else {
    model ??= plan.provider.models[0]?.id;
  }

  const outcome = finish(context, plan, model, test, keyName);
  if (flags.json) context.print(JSON.stringify(outcomeJson(context, outcome, plan, connection.baseUrl, test, model)));
  else await printOutcome(context, outcome);
  return 0;
}
