// Hash routing (#/providers?search=x): no server routes to keep in sync, and every page has a shareable URL.
import { useEffect, useState } from "preact/hooks";

export type Route = { page: string; query: URLSearchParams };

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [page = "", search = ""] = hash.split("?");
  return { page: page || "overview", query: new URLSearchParams(search) };
}

export function navigate(page: string, query?: Record<string, string>): void {
  const search = query ? `?${new URLSearchParams(query)}` : "";
  location.hash = `#/${page}${search}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
