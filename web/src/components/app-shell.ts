// The frame around every page: the sidebar navigation (a drawer behind a menu button on narrow screens), the
// theme switch and sign-out, with a skip link to the content for keyboard users.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { html } from "../html.ts";
import { setTheme, themeChoice, type ThemeChoice } from "../theme.ts";
import { Icon } from "./icons.ts";

export const navigation = [
  { page: "overview", label: "Overview" },
  { page: "providers", label: "Providers" },
  { page: "combos", label: "Combos" },
  { page: "keys", label: "API keys" },
  { page: "usage", label: "Usage & costs" },
  { page: "logs", label: "Live logs" },
  { page: "playground", label: "Playground" },
  { page: "settings", label: "Settings" },
];

type Props = { page: string; onSignOut: () => void; children: ComponentChildren };

export function AppShell({ page, onSignOut, children }: Props) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [theme, setThemeState] = useState<ThemeChoice>(themeChoice());
  const nextTheme: ThemeChoice = theme === "system" ? (document.documentElement.dataset.theme === "dark" ? "light" : "dark") : theme === "dark" ? "light" : "dark";
  const toggleTheme = () => {
    setTheme(nextTheme);
    setThemeState(nextTheme);
  };
  return html`
    <a class="visually-hidden" href="#content" onClick=${(event: Event) => { event.preventDefault(); document.getElementById("content")?.focus(); }}>Skip to content</a>
    <div class=${`shell${menuOpen ? " menu-open" : ""}`}>
      <header class="topbar">
        <a class="brand" href="#/overview" style="padding:0"><img src="/icons/icon.svg" alt="" />AmRouter</a>
        <button class="button small" type="button" aria-expanded=${menuOpen} aria-controls="sidebar" onClick=${() => setMenuOpen(!menuOpen)}>${menuOpen ? "Close" : "Menu"}</button>
      </header>
      <nav class="sidebar" id="sidebar" aria-label="Main">
        <a class="brand" href="#/overview"><img src="/icons/icon.svg" alt="" />AmRouter</a>
        <div class="nav">
          ${navigation.map(
            (item) => html`<a href=${`#/${item.page}`} aria-current=${item.page === page ? "page" : undefined} onClick=${() => setMenuOpen(false)}><${Icon} name=${item.page} />${item.label}</a>`,
          )}
        </div>
        <div class="sidebar-footer">
          <button class="button small" type="button" onClick=${toggleTheme} aria-label=${`Switch to ${nextTheme} theme`}>${nextTheme === "dark" ? "Dark theme" : "Light theme"}</button>
          <a class="button small" href="/swagger" target="_blank" rel="noopener">API docs</a>
          <button class="button small" type="button" onClick=${onSignOut}>Sign out</button>
        </div>
      </nav>
      <main class="main" id="content" tabindex="-1">${children}</main>
    </div>
  `;
}
