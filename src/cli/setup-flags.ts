// The flags of `amrouter setup` as one typed object, read from what node:util's parseArgs returns.
import { SettingsError } from "../config/settings.ts";

export type SetupFlags = {
  provider?: string;
  name?: string;
  baseUrl?: string;
  apiKey?: string;
  apiKeyEnv?: string;
  model?: string;
  keyName?: string;
  /** `--setting NAME=VALUE`, as given (checked against the provider's settings once it is known). */
  settings?: string[];
  skipTest?: boolean;
  json?: boolean;
  timeoutMs?: number;
};

export function parseTimeoutFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 600_000) throw new SettingsError(`--timeout-ms must be an integer from 1 to 600000, got "${value}"`);
  return number;
}

export function setupFlagsFromValues(values: { [name: string]: string | boolean | string[] | undefined }): SetupFlags {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const setting = values.setting;
  return {
    provider: text("provider"),
    name: text("name"),
    baseUrl: text("base-url"),
    apiKey: text("api-key"),
    apiKeyEnv: text("api-key-env"),
    model: text("model"),
    keyName: text("key-name"),
    settings: Array.isArray(setting) ? setting : typeof setting === "string" ? [setting] : undefined,
    skipTest: values["skip-test"] === true,
    json: values.json === true,
    timeoutMs: parseTimeoutFlag(text("timeout-ms")),
  };
}
