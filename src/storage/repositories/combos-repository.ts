// Reads and writes combos: named, ordered groups of targets that clients use as a model.
import { eq } from "drizzle-orm";
import type { Storage } from "../database.ts";
import { combosTable, type ComboRow } from "../schema.ts";

export type ComboInput = { name: string; strategy: string; targets: string[]; options?: Record<string, unknown>; source?: "config" | "api" };

export function upsertCombo(storage: Storage, input: ComboInput): boolean {
  const existing = storage.orm.select().from(combosTable).where(eq(combosTable.name, input.name)).get();
  const now = Date.now();
  const values = { strategy: input.strategy, targets: input.targets, options: input.options ?? {}, source: input.source ?? "api" };
  if (!existing) {
    storage.orm.insert(combosTable).values({ name: input.name, ...values, createdAt: now, updatedAt: now }).run();
    return true;
  }
  const unchanged =
    existing.strategy === values.strategy &&
    JSON.stringify(existing.targets) === JSON.stringify(values.targets) &&
    JSON.stringify(existing.options) === JSON.stringify(values.options) &&
    existing.source === values.source;
  if (unchanged) return false;
  storage.orm.update(combosTable).set({ ...values, updatedAt: now }).where(eq(combosTable.id, existing.id)).run();
  return true;
}
