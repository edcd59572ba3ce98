// Combos in memory: a named, ordered list of targets a client can use as its model.
import type { Storage } from "../storage/database.ts";
import { listComboRows } from "../storage/registry-rows.ts";

export type Combo = {
  name: string;
  strategy: string;
  targets: string[];
  maxAttempts: number | undefined;
  timeoutMs: number | undefined;
  /** When set, exactly these upstream statuses move on to the next target (instead of the failure classes). */
  fallThroughStatuses: number[] | undefined;
  /** A request header whose value keeps one session on one target (sticky and context-relay strategies). */
  stickySessionHeader: string | undefined;
};

export type ComboRegistry = { get(name: string): Combo | undefined; all(): Combo[]; reload(): void };

export function createComboRegistry(storage: Storage): ComboRegistry {
  let combos = new Map<string, Combo>();
  const reload = () => {
    combos = new Map(
      listComboRows(storage.sqlite).map((row) => [
        row.name,
        {
          name: row.name,
          strategy: row.strategy,
          targets: row.targets,
          maxAttempts: typeof row.options.maxAttempts === "number" ? row.options.maxAttempts : undefined,
          timeoutMs: typeof row.options.timeoutMs === "number" ? row.options.timeoutMs : undefined,
          fallThroughStatuses: Array.isArray(row.options.fallThroughStatuses) ? row.options.fallThroughStatuses.filter((status): status is number => typeof status === "number") : undefined,
          stickySessionHeader: typeof row.options.stickySessionHeader === "string" ? row.options.stickySessionHeader : undefined,
        },
      ]),
    );
  };
  reload();
  return { get: (name) => combos.get(name), all: () => [...combos.values()], reload };
}
