#!/usr/bin/env bun
// The `amrouter` command: parses argv, then starts the gateway or runs one command. Errors a user can fix are
// printed as one clear message, never a stack trace. Each command's modules are imported when it runs, so
// the gateway's start (and --version) never pays for the setup wizard, login flows or the updater.
import { parseArgs } from "node:util";
import { helpText } from "./cli/help-text.ts";
import { ConfigFileError } from "./config/config-file-error.ts";
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
  setting: { type: "string", multiple: true },
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
  const context = async () => (await import("./cli/command-context.ts")).openCommandContext(overrides);
  switch (command) {
    case undefined:
    case "serve":
    case "start":
      await (await import("./cli/serve-command.ts")).runServeCommand(overrides, { open: !values["no-open"], headless: values.headless ?? false });
      return -1;
    case "doctor":
      return (await import("./cli/doctor-command.ts")).runDoctorCommand(overrides, { json: values.json });
    case "healthcheck":
      return (await import("./cli/healthcheck-command.ts")).runHealthcheckCommand(overrides, { url: values.url });
    case "providers": {
      const providers = await import("./cli/providers-command.ts");
      if (rest[0] === "available") return providers.runProvidersAvailable(console.log, { search: values.search, json: values.json });
      if (rest[0] === "list") return providers.runProvidersList(await context(), { json: values.json });
      if (rest[0] === "test") {
        const { parseTimeoutFlag } = await import("./cli/setup-flags.ts");
        const { runProvidersTestCommand } = await import("./cli/providers-test-command.ts");
        return runProvidersTestCommand(await context(), rest[1], { model: values.model, json: values.json, timeoutMs: parseTimeoutFlag(values["timeout-ms"]) });
      }
      console.log("usage: amrouter providers available [--search TEXT] [--json] | providers list [--json] | providers test NAME");
      return 2;
    }
    case "setup": {
      const [{ runSetupCommand }, { setupFlagsFromValues }] = await Promise.all([import("./cli/setup-command.ts"), import("./cli/setup-flags.ts")]);
      return runSetupCommand(await context(), setupFlagsFromValues(values));
    }
    case "login":
      return (await import("./cli/login-command.ts")).runLoginCommand(await context(), rest[0], { name: values.name, import: values.import, noBrowser: values["no-browser"] });
    case "keys":
      return (await import("./cli/keys-command.ts")).runKeysCommand(await context(), rest, { admin: values.admin, json: values.json });
    case "reset-password":
      return (await import("./cli/reset-password-command.ts")).runResetPasswordCommand(await context(), { password: values.password });
    case "update":
      return (await import("./cli/update-command.ts")).runUpdateCommand({ url: values.url, check: values.check, force: values.force });
    case "uninstall":
      return (await import("./cli/uninstall-command.ts")).runUninstallCommand(overrides, { force: values.force });
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
