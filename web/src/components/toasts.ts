// Short notices ("Connection saved", an error) in a polite live region, so screen readers announce them too.
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.ts";

type Toast = { id: number; message: string; kind: "ok" | "error" | "info" };

let nextId = 0;
let toasts: Toast[] = [];
const listeners = new Set<(list: Toast[]) => void>();

function publish(): void {
  for (const listener of listeners) listener(toasts);
}

export function toast(message: string, kind: Toast["kind"] = "ok"): void {
  const id = ++nextId;
  toasts = [...toasts, { id, message, kind }];
  publish();
  setTimeout(() => {
    toasts = toasts.filter((item) => item.id !== id);
    publish();
  }, kind === "error" ? 8000 : 4000);
}

export function Toasts() {
  const [list, setList] = useState(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return html`<div class="toasts" role="status" aria-live="polite">${list.map((item) => html`<div key=${item.id} class=${`toast ${item.kind}`}>${item.message}</div>`)}</div>`;
}
