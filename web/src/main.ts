// Entry point of the dashboard bundle: apply the theme before the first paint, mount the app, register the
// service worker that makes it installable and quick to open.
import { render } from "preact";
import { App } from "./app.ts";
import { html } from "./html.ts";
import { applyTheme } from "./theme.ts";

applyTheme();
render(html`<${App} />`, document.getElementById("app")!);

if ("serviceWorker" in navigator && (location.protocol === "https:" || location.hostname === "localhost" || location.hostname === "127.0.0.1")) {
  window.addEventListener("load", () => void navigator.serviceWorker.register("/service-worker.js").catch(() => undefined));
}
