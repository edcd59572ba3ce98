// The dashboard's admin password: hashed with Bun.password (argon2id), seeded from INITIAL_PASSWORD on first boot.
import type { Storage } from "../storage/database.ts";
import { readSetting, writeSetting } from "../storage/repositories/settings-repository.ts";

const settingKey = "admin_password_hash";

export function ensureAdminPassword(storage: Storage, initialPassword: string): boolean {
  if (readSetting(storage, settingKey)) return false;
  writeSetting(storage, settingKey, Bun.password.hashSync(initialPassword));
  return true;
}

export function setAdminPassword(storage: Storage, password: string): void {
  writeSetting(storage, settingKey, Bun.password.hashSync(password));
}

export async function verifyAdminPassword(storage: Storage, password: string): Promise<boolean> {
  const hash = readSetting(storage, settingKey);
  return hash ? Bun.password.verify(password, hash) : false;
}
