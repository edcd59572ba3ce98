// Every page, loaded on first visit (each is its own small script), then prefetched in idle time so later
// navigation is instant.
import type { FunctionComponent } from "preact";
import type { Route } from "./router.ts";

export type PageProps = { route: Route };
type PageModule = { default: FunctionComponent<PageProps> };

export const pageLoaders: Record<string, () => Promise<PageModule>> = {
  overview: () => import("./pages/overview-page.ts"),
  providers: () => import("./pages/providers-page.ts"),
  combos: () => import("./pages/combos-page.ts"),
  keys: () => import("./pages/keys-page.ts"),
  usage: () => import("./pages/usage-page.ts"),
  logs: () => import("./pages/logs-page.ts"),
  playground: () => import("./pages/playground-page.ts"),
  settings: () => import("./pages/settings-page.ts"),
  setup: () => import("./pages/setup-page.ts"),
};

const loaded = new Map<string, FunctionComponent<PageProps>>();

export function loadedPage(name: string): FunctionComponent<PageProps> | undefined {
  return loaded.get(name);
}

export async function loadPage(name: string): Promise<FunctionComponent<PageProps>> {
  const existing = loaded.get(name);
  if (existing) return existing;
  const loader = pageLoaders[name] ?? pageLoaders.overview!;
  const component = (await loader()).default;
  loaded.set(name, component);
  return component;
}

export function prefetchPages(): void {
  const idle = (callback: () => void) => ("requestIdleCallback" in window ? window.requestIdleCallback(callback) : setTimeout(callback, 200));
  idle(() => {
    for (const name of Object.keys(pageLoaders)) void loadPage(name).catch(() => undefined);
  });
}
