// The dashboard's admin password: hashed with Bun.password (argon2id, OWASP's 19 MiB / 2 passes, which keeps the
// first boot fast and light), seeded from INITIAL_PASSWORD on first boot.
import type { Storage } from "../storage/database.ts";
import { readSetting, writeSetting } from "../storage/repositories/settings-repository.ts";

const settingKey = "admin_password_hash";
const hashOptions = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;

export function ensureAdminPassword(storage: Storage, initialPassword: string): boolean {
  if (readSetting(storage, settingKey)) return false;
  writeSetting(storage, settingKey, Bun.password.hashSync(initialPassword, hashOptions));
  return true;
}

export function setAdminPassword(storage: Storage, password: string): void {
  writeSetting(storage, settingKey, Bun.password.hashSync(password, hashOptions));
}

export async function verifyAdminPassword(storage: Storage, password: string): Promise<boolean> {
  const hash = readSetting(storage, settingKey);
  return hash ? Bun.password.verify(password, hash) : false;
}
