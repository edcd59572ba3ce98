// `amrouter uninstall [--force] [--data-dir DIR]`: deletes the data directory (database, stored credentials, secrets)
// after the user types "yes" (or at once with --force), then prints what is left to remove by hand: the executable,
// its reset-password alias, a config file, or the package manager's copy. It never deletes something that does not
// look like an AmRouter data directory.
import { existsSync, lstatSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, parse, resolve } from "node:path";
import { resolveDataDirectory, type SettingsOverrides } from "../config/settings.ts";
import { isCompiledExecutable } from "./release-manifest.ts";

export type UninstallFlags = { force?: boolean };

export type UninstallOptions = {
  environment?: Record<string, string | undefined>;
  print?: (line: string) => void;
  printError?: (line: string) => void;
  /** Reads the answer to the confirmation question; resolves to "" when there is no input. */
  ask?: (question: string) => Promise<string>;
  executablePath?: string;
};

/** Reads one line from standard input (an empty string at end of input). */
async function askOnStandardInput(question: string): Promise<string> {
  process.stdout.write(question);
  for await (const line of console) return line;
  return "";
}

function summarize(directory: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files++;
        bytes += lstatSync(full).size;
      }
    }
  };
  walk(directory);
  return { files, bytes };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why `directory` must not be deleted, or undefined when it is an AmRouter data directory. */
export function uninstallRefusal(directory: string, home: string = homedir()): string | undefined {
  const real = realpathSync(directory);
  home = resolve(home);
  const protectedPaths = new Set([parse(real).root, home, existsSync(home) ? realpathSync(home) : home]);
  if (protectedPaths.has(resolve(real))) return `${directory} is ${real === parse(real).root ? "the file system root" : "your home directory"}; refusing to delete it.`;
  if (!statSync(real).isDirectory()) return `${directory} is not a directory.`;
  const entries = readdirSync(real);
  const ours = entries.some((name) => name === "amrouter.db" || name === ".env");
  if (entries.length > 0 && !ours) return `${directory} has no amrouter.db or .env, so it does not look like an AmRouter data directory; refusing to delete it.`;
  return undefined;
}

function remainingSteps(executablePath: string | undefined, environment: Record<string, string | undefined>): string[] {
  const steps: string[] = [];
  if (executablePath) {
    const normalized = executablePath.replaceAll("\\", "/");
    if (/\/Cellar\/amrouter\//.test(normalized)) steps.push("the Homebrew package:            brew uninstall amrouter");
    else if (/\/scoop\/apps\/amrouter\//i.test(normalized)) steps.push("the scoop package:               scoop uninstall amrouter");
    else {
      const remove = process.platform === "win32" ? "del" : "rm";
      steps.push(`the executable:                  ${remove} "${executablePath}"`);
      const alias = join(dirname(executablePath), `amrouter-reset-password${process.platform === "win32" ? ".exe" : ""}`);
      if (existsSync(alias)) steps.push(`the reset-password alias:        ${remove} "${alias}"`);
      if (existsSync(`${executablePath}.old`)) steps.push(`the previous binary:             ${remove} "${executablePath}.old"`);
    }
  } else {
    steps.push("the source checkout you run with bun (this amrouter is not a compiled executable)");
  }
  if (environment.AMROUTER_CONFIG) steps.push(`your config file, if you no longer need it: ${environment.AMROUTER_CONFIG}`);
  steps.push("a container install: docker compose down --volumes (or: podman volume rm amrouter-data), then remove the image");
  return steps;
}

export async function runUninstallCommand(overrides: SettingsOverrides, flags: UninstallFlags, options: UninstallOptions = {}): Promise<number> {
  const environment = options.environment ?? process.env;
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const ask = options.ask ?? askOnStandardInput;
  const executablePath = options.executablePath ?? (isCompiledExecutable() ? process.execPath : undefined);
  // Resolved without loadSettings, which would create the directory and write fresh secrets into it.
  const directory = resolveDataDirectory(environment, overrides.dataDirectory);

  if (!existsSync(directory)) {
    print(`There is no data directory at ${directory}: nothing to delete.`);
  } else {
    const problem = uninstallRefusal(directory, environment.HOME || homedir());
    if (problem) {
      printError(`amrouter uninstall: ${problem}`);
      return 1;
    }
    const { files, bytes } = summarize(directory);
    if (!flags.force) {
      const answer = await ask(
        `This deletes ${directory} (${files} files, ${formatBytes(bytes)}): the database, stored provider credentials, API keys and secrets.\n` +
          `It cannot be undone. Type "yes" to delete it: `,
      );
      if (!/^\s*y(es)?\s*$/i.test(answer)) {
        print(`\nNothing was deleted.${answer.trim() === "" ? " Run amrouter uninstall --force to delete without the question." : ""}`);
        return 1;
      }
    }
    rmSync(directory, { recursive: true, force: true });
    print(`Deleted ${directory} (${files} files, ${formatBytes(bytes)}).`);
  }
  print("\nWhat is left to remove by hand:");
  for (const step of remainingSteps(executablePath, environment)) print(`  - ${step}`);
  print(`\nStop any gateway still running with ${directory}: it keeps the deleted database open until it exits.`);
  return 0;
}
