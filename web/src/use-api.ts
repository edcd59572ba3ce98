// Loads one admin API resource for a page: the data, the error, and a reload function for after a change.
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, messageOf } from "./api.ts";

export type Loaded<T> = { data: T | undefined; error: string; loading: boolean; reload: () => Promise<void> };

export function useApi<T>(path: string | undefined): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState("");
  const [loading, setLoading] = useState(path !== undefined);
  const reload = useCallback(async () => {
    if (path === undefined) return;
    setLoading(true);
    try {
      setData(await api<T>(path));
      setError("");
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
