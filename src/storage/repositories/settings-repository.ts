// Small key/value settings that live in the database (the admin password hash, dashboard settings).
import { eq } from "drizzle-orm";
import type { Storage } from "../database.ts";
import { settingsTable } from "../schema.ts";

export function readSetting(storage: Storage, key: string): string | undefined {
  return storage.orm.select().from(settingsTable).where(eq(settingsTable.key, key)).get()?.value;
}

export function writeSetting(storage: Storage, key: string, value: string): void {
  storage.orm
    .insert(settingsTable)
    .values({ key, value, updatedAt: Date.now() })
    .onConflictDoUpdate({ target: settingsTable.key, set: { value, updatedAt: Date.now() } })
    .run();
}
