// A modal built on the native <dialog>: focus is trapped and restored by the browser, Escape closes it.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { html } from "../html.ts";

type Props = { title: string; open: boolean; onClose: () => void; children: ComponentChildren };

export function ModalDialog({ title, open, onClose, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return html`
    <dialog ref=${dialog} aria-labelledby="dialog-title" onClose=${onClose} onCancel=${onClose}>
      <div class="row between">
        <h2 id="dialog-title">${title}</h2>
        <button class="button ghost small" type="button" onClick=${onClose} aria-label="Close">✕</button>
      </div>
      ${open ? children : null}
    </dialog>
  `;
}
