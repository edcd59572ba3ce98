// `amrouter setup`: connect a provider, test it, create a client key and print ready-to-paste client snippets.
// Guided in the terminal when no --provider is given (setup-guided.ts); the same steps without questions for
// scripts (setup-with-flags.ts):
//   amrouter setup --provider ID [--name NAME] [--base-url URL] [--api-key KEY | --api-key-env VAR]
//                  [--setting NAME=VALUE ...] [--model MODEL] [--key-name NAME] [--skip-test] [--timeout-ms N] [--json]
// A connection is saved only after its test passed (or --skip-test, or the user says so); the provider key is
// never printed, and is stored encrypted.
import type { CommandContext } from "./command-context.ts";
import { SetupInputError } from "./setup-checks.ts";
import type { SetupFlags } from "./setup-flags.ts";
import { runGuidedSetup } from "./setup-guided.ts";
import { createTerminalPrompter, SetupCancelled, type Prompter } from "./setup-prompts.ts";
import { runScriptedSetup } from "./setup-with-flags.ts";

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
