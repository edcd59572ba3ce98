// The title block of a page: heading, one line on what the page is for, and the page's main actions.
import type { ComponentChildren } from "preact";
import { html } from "../html.ts";

export function PageHeader({ title, description, children }: { title: string; description: string; children?: ComponentChildren }) {
  return html`
    <div class="page-header">
      <div>
        <h1>${title}</h1>
        <p>${description}</p>
      </div>
      ${children ? html`<div class="row">${children}</div>` : null}
    </div>
  `;
}
