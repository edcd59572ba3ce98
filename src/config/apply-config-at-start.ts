// A gateway applies its config file at every start. When neither the file, the rows it writes, nor the secret
// credentials are encrypted with have changed since the last apply, applying again would change nothing: a
// fingerprint of all three, kept in the settings table, lets the start skip it, and with it loading drizzle.
import type { CredentialCipher } from "../security/credential-encryption.ts";
import type { Storage } from "../storage/database.ts";
import { listApiKeyRows, listComboRows, listConnectionRows } from "../storage/registry-rows.ts";
import { readSetting, writeSetting } from "../storage/repositories/settings-repository.ts";
import type { AppliedConfig } from "./apply-config-file.ts";
import type { ConfigFile } from "./config-file-schema.ts";

const configFingerprintSettingKey = "config_file.applied_fingerprint";

function fingerprint(storage: Storage, config: ConfigFile, secret: string): string {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(secret);
  hasher.update(JSON.stringify(config));
  hasher.update(JSON.stringify(listConnectionRows(storage.sqlite)));
  hasher.update(JSON.stringify(listComboRows(storage.sqlite)));
  hasher.update(JSON.stringify(listApiKeyRows(storage.sqlite)));
  return hasher.digest("hex");
}

export function applyConfigFileAtStart(storage: Storage, cipher: CredentialCipher, config: ConfigFile, secret: string): AppliedConfig & { skipped: boolean } {
  if (readSetting(storage, configFingerprintSettingKey) === fingerprint(storage, config, secret)) return { changed: 0, generatedKeys: [], skipped: true };
  const { applyConfigFile } = require("./apply-config-file.ts") as typeof import("./apply-config-file.ts");
  const applied = applyConfigFile(storage, cipher, config);
  writeSetting(storage, configFingerprintSettingKey, fingerprint(storage, config, secret));
  return { ...applied, skipped: false };
}
