// What `amrouter setup` tells the user at the end: the connection and key it saved, where clients point, and the
// snippets; as text for a person or as one JSON object (--json) for a script.
import type { GatewaySettings } from "../config/settings.ts";
import type { CommandContext } from "./command-context.ts";
import { formatSnippetsForTerminal } from "./client-snippets.ts";
import type { ProbeResult } from "./providers-test-command.ts";
import type { Outcome, Plan } from "./setup-plan.ts";

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

function describeConnection(plan: Plan): string {
  const credential = plan.credential ? "key stored encrypted" : plan.credentialEnv ? `key read from $${plan.credentialEnv} when the gateway starts` : "no key";
  const settings = Object.entries(plan.settings).map(([name, value]) => `${name}=${value}`);
  return [plan.provider.name, credential, ...settings].join(", ");
}

export async function printOutcome(context: CommandContext, outcome: Outcome): Promise<void> {
  const { plan } = outcome;
  const url = gatewayUrlFor(context.settings);
  context.print(`${outcome.created ? "Saved" : "Updated"} connection "${plan.name}" (${describeConnection(plan)}).`);
  context.print(`Created client key "${outcome.key.name}". It is shown only once:\n\n  ${outcome.key.key}\n`);
  const running = await gatewayIsRunning(url);
  context.print(`Point your clients at ${url}${running ? " (the gateway is running)" : " (start the gateway first: amrouter)"}.`);
  if (!context.settings.requireApiKey) context.print("Keys are checked only when REQUIRE_API_KEY=true; clients may send this one already.");
  if (!outcome.model) context.print("Replace MODEL below with a model this provider serves.");
  context.print(`\n${formatSnippetsForTerminal(outcome.snippets)}`);
}

/** `baseUrl` is where requests go: the connection's own, else the catalog's with the settings filled in. */
export function outcomeJson(context: CommandContext, outcome: Outcome | undefined, plan: Plan, baseUrl: string, test: ProbeResult | null, model: string | undefined) {
  return {
    connection: {
      name: plan.name,
      provider: plan.provider.id,
      family: plan.provider.family,
      baseUrl,
      credential: plan.credential ? "encrypted" : plan.credentialEnv ? "env" : "none",
      credentialEnv: plan.credential ? null : (plan.credentialEnv ?? null),
      settings: plan.settings,
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
