#!/usr/bin/env bun
// The `amrouter` command: parses argv, then starts the gateway or runs one command. Errors a user can fix are
// printed as one clear message, never a stack trace.
import { parseArgs } from "node:util";
import { openCommandContext } from "./cli/command-context.ts";
import { runDoctorCommand } from "./cli/doctor-command.ts";
import { runHealthcheckCommand } from "./cli/healthcheck-command.ts";
import { helpText } from "./cli/help-text.ts";
import { runKeysCommand } from "./cli/keys-command.ts";
import { runLoginCommand } from "./cli/login-command.ts";
import { runProvidersAvailable, runProvidersList } from "./cli/providers-command.ts";
import { runProvidersTestCommand } from "./cli/providers-test-command.ts";
import { runResetPasswordCommand } from "./cli/reset-password-command.ts";
import { runServeCommand } from "./cli/serve-command.ts";
import { parseTimeoutFlag, runSetupCommand, setupFlagsFromValues } from "./cli/setup-command.ts";
import { runUninstallCommand } from "./cli/uninstall-command.ts";
import { runUpdateCommand } from "./cli/update-command.ts";
import { ConfigFileError } from "./config/config-file.ts";
import { SettingsError, type SettingsOverrides } from "./config/settings.ts";
import { version } from "./version.ts";

const options = {
  port: { type: "string" },
  host: { type: "string" },
  config: { type: "string" },
  "data-dir": { type: "string" },
  "no-open": { type: "boolean" },
  headless: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  json: { type: "boolean" },
  search: { type: "string" },
  admin: { type: "boolean" },
  password: { type: "string" },
  url: { type: "string" },
  check: { type: "boolean" },
  force: { type: "boolean" },
  provider: { type: "string" },
  name: { type: "string" },
  "base-url": { type: "string" },
  "api-key": { type: "string" },
  "api-key-env": { type: "string" },
  model: { type: "string" },
  "key-name": { type: "string" },
  "skip-test": { type: "boolean" },
  "timeout-ms": { type: "string" },
  import: { type: "string" },
  "no-browser": { type: "boolean" },
} as const;

async function main(argv: string[]): Promise<number> {
  // A compiled binary sees its own embedded path in argv[1]; the name it was started by (a link) is in argv0.
  const invokedAs = [process.argv0, process.argv[1] ?? ""].map((path) => path.split(/[\\/]/).pop() ?? "");
  if (invokedAs.some((name) => name.startsWith("amrouter-reset-password"))) argv = ["reset-password", ...argv];
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(helpText);
    return 0;
  }
  if (values.version) {
    console.log(version);
    return 0;
  }
  const overrides: SettingsOverrides = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
    overrides.port = port;
  }
  if (values.host) overrides.host = values.host;
  if (values.config) overrides.configFile = values.config;
  if (values["data-dir"]) overrides.dataDirectory = values["data-dir"];
  if (values.verbose) overrides.logLevel = "debug";

  const [command, ...rest] = positionals;
  switch (command) {
    case undefined:
    case "serve":
    case "start":
      await runServeCommand(overrides, { open: !values["no-open"], headless: values.headless ?? false });
      return -1;
    case "doctor":
      return runDoctorCommand(overrides, { json: values.json });
    case "healthcheck":
      return runHealthcheckCommand(overrides, { url: values.url });
    case "providers":
      if (rest[0] === "available") return runProvidersAvailable(console.log, { search: values.search, json: values.json });
      if (rest[0] === "list") return runProvidersList(openCommandContext(overrides), { json: values.json });
      if (rest[0] === "test") return runProvidersTestCommand(openCommandContext(overrides), rest[1], { model: values.model, json: values.json, timeoutMs: parseTimeoutFlag(values["timeout-ms"]) });
      console.log("usage: amrouter providers available [--search TEXT] [--json] | providers list [--json] | providers test NAME");
      return 2;
    case "setup":
      return runSetupCommand(openCommandContext(overrides), setupFlagsFromValues(values));
    case "login":
      return runLoginCommand(openCommandContext(overrides), rest[0], { name: values.name, import: values.import, noBrowser: values["no-browser"] });
    case "keys":
      return runKeysCommand(openCommandContext(overrides), rest, { admin: values.admin, json: values.json });
    case "reset-password":
      return runResetPasswordCommand(openCommandContext(overrides), { password: values.password });
    case "update":
      return runUpdateCommand({ url: values.url, check: values.check, force: values.force });
    case "uninstall":
      return runUninstallCommand(overrides, { force: values.force });
    default:
      console.log(`Unknown command "${command}". Run amrouter --help for the list.`);
      return 2;
  }
}

try {
  const code = await main(Bun.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  const known = error instanceof SettingsError || error instanceof ConfigFileError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  if (known) console.error(`amrouter: ${(error as Error).message}`);
  else if ((error as { code?: string }).code === "EADDRINUSE") console.error(`amrouter: the port is already in use. Is another gateway running? Choose another with --port.`);
  else console.error(`amrouter: ${(error as Error).message ?? String(error)}`);
  process.exit(known ? 2 : 1);
}
