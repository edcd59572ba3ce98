// "Top N" lists: a name, a value and a bar scaled to the largest value.
import { html } from "../html.ts";

export type BarItem = { name: string; value: number; detail?: string };

export function BarList({ items, format = String, empty = "No data yet" }: { items: BarItem[]; format?: (value: number) => string; empty?: string }) {
  if (items.length === 0) return html`<p class="muted small">${empty}</p>`;
  const maximum = Math.max(...items.map((item) => item.value), 1);
  return html`
    <ul class="bar-list">
      ${items.map(
        (item) => html`
          <li>
            <span class="name" title=${item.name}>${item.name}</span>
            <strong class="mono">${format(item.value)}${item.detail ? html` <span class="muted small">${item.detail}</span>` : null}</strong>
            <span class="bar" aria-hidden="true"><span style=${`width:${Math.max(2, (item.value / maximum) * 100)}%`}></span></span>
          </li>
        `,
      )}
    </ul>
  `;
}
