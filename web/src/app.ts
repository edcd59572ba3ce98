// The dashboard root: checks the session, shows sign-in or the app, sends a fresh install to the first-run setup,
// and renders the page the hash names (loaded on demand).
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, signedOutEvent } from "./api.ts";
import { AppShell } from "./components/app-shell.ts";
import { Toasts } from "./components/toasts.ts";
import { html } from "./html.ts";
import { loadedPage, loadPage, prefetchPages, type PageProps } from "./pages.ts";
import { navigate, useRoute } from "./router.ts";
import { SignIn } from "./sign-in.ts";
import type { SetupState } from "./types.ts";

type SessionState = "checking" | "signed-out" | "signed-in";

function PageView({ name, route }: { name: string } & PageProps) {
  const [page, setPage] = useState<{ name: string; component: FunctionComponent<PageProps> } | undefined>(() => {
    const component = loadedPage(name);
    return component ? { name, component } : undefined;
  });
  const [failed, setFailed] = useState("");
  useEffect(() => {
    if (page?.name === name) return;
    let current = true;
    loadPage(name)
      .then((component) => current && setPage({ name, component }))
      .catch((error: Error) => current && setFailed(error.message));
    return () => {
      current = false;
    };
  }, [name]);
  useEffect(() => {
    document.title = `${name[0]!.toUpperCase()}${name.slice(1)} · AmRouter`;
  }, [name]);
  if (failed) return html`<p class="error-text" role="alert">This page could not load: ${failed}</p>`;
  if (!page) return html`<p class="muted">Loading…</p>`;
  const Page = page.component;
  return html`<${Page} key=${page.name} route=${route} />`;
}

export function App() {
  const [session, setSession] = useState<SessionState>("checking");
  const route = useRoute();

  const enter = async () => {
    setSession("signed-in");
    prefetchPages();
    try {
      const setup = await api<SetupState>("/api/setup");
      if (!setup.setupDone && (setup.initialPasswordInUse || setup.connections === 0)) navigate("setup");
    } catch {
      // The overview still works without the setup state.
    }
  };

  useEffect(() => {
    api<{ authenticated: boolean }>("/api/auth/session")
      .then((state) => (state.authenticated ? enter() : setSession("signed-out")))
      .catch(() => setSession("signed-out"));
    const signedOut = () => setSession("signed-out");
    window.addEventListener(signedOutEvent, signedOut);
    return () => window.removeEventListener(signedOutEvent, signedOut);
  }, []);

  const signOut = async () => {
    await api("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    setSession("signed-out");
  };

  if (session === "checking") return html`<p class="boot">Loading AmRouter…</p>`;
  if (session === "signed-out") return html`<${SignIn} onSignedIn=${enter} /><${Toasts} />`;
  if (route.page === "setup") return html`<${PageView} name="setup" route=${route} /><${Toasts} />`;
  return html`
    <${AppShell} page=${route.page} onSignOut=${signOut}>
      <${PageView} name=${route.page} route=${route} />
    </${AppShell}>
    <${Toasts} />
  `;
}
