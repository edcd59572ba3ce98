// Small inline SVG icons for the navigation (stroke only, currentColor, hidden from screen readers).
import { html } from "../html.ts";

const paths: Record<string, string> = {
  overview: "M3 13h4v8H3zM10 8h4v13h-4zM17 3h4v18h-4z",
  providers: "M4 6h16M4 12h16M4 18h16M7 6v0M7 12v0M7 18v0",
  combos: "M6 3v6a3 3 0 0 0 3 3h6a3 3 0 0 1 3 3v6M6 21v-6M18 3v3",
  keys: "M15 7a4 4 0 1 1-3.9 5H3v3h3v3h3v-3h2.1A4 4 0 0 1 15 7z",
  usage: "M4 20V4M4 20h16M8 16l4-5 3 3 5-7",
  logs: "M5 4h14v16H5zM8 8h8M8 12h8M8 16h5",
  playground: "M8 5l11 7-11 7z",
  settings: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-2-4-2 1-2-2V3h-4v3l-2 2-2-1-2 4 2 1v2l-2 1 2 4 2-1 2 2v3h4v-3l2-2 2 1 2-4-2-1z",
};

export function Icon({ name }: { name: string }) {
  return html`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d=${paths[name] ?? ""} /></svg>`;
}
