// A combo's targets as a reorderable list: drag a row by its handle, or use the Up/Down buttons (keyboard and
// touch), remove a target, add one from the models the gateway knows.
import { useState } from "preact/hooks";
import { html } from "../html.ts";

type Props = { targets: string[]; onChange: (targets: string[]) => void; suggestions: string[] };

function move(list: string[], from: number, to: number): string[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

export function TargetList({ targets, onChange, suggestions }: Props) {
  const [dragging, setDragging] = useState<number | undefined>(undefined);
  const [over, setOver] = useState<number | undefined>(undefined);
  const [draft, setDraft] = useState("");
  const add = () => {
    const value = draft.trim();
    if (!value || targets.includes(value)) return;
    onChange([...targets, value]);
    setDraft("");
  };
  return html`
    <div>
      <ol class="targets" aria-label="Targets, tried in this order">
        ${targets.map(
          (target, index) => html`
            <li
              key=${target}
              draggable="true"
              class=${`${dragging === index ? "dragging" : ""} ${over === index && dragging !== index ? "drop-target" : ""}`}
              data-target=${target}
              onDragStart=${(event: DragEvent) => { setDragging(index); event.dataTransfer?.setData("text/plain", String(index)); }}
              onDragOver=${(event: DragEvent) => { event.preventDefault(); setOver(index); }}
              onDragEnd=${() => { setDragging(undefined); setOver(undefined); }}
              onDrop=${(event: DragEvent) => {
                event.preventDefault();
                if (dragging !== undefined && dragging !== index) onChange(move(targets, dragging, index));
                setDragging(undefined);
                setOver(undefined);
              }}
            >
              <span class="drag-handle" aria-hidden="true">⋮⋮</span>
              <span class="muted small">${index + 1}</span>
              <span class="target-name">${target}</span>
              <button type="button" class="button small ghost" disabled=${index === 0} aria-label=${`Move ${target} up`} onClick=${() => onChange(move(targets, index, index - 1))}>↑</button>
              <button type="button" class="button small ghost" disabled=${index === targets.length - 1} aria-label=${`Move ${target} down`} onClick=${() => onChange(move(targets, index, index + 1))}>↓</button>
              <button type="button" class="button small ghost danger" aria-label=${`Remove ${target}`} onClick=${() => onChange(targets.filter((_, position) => position !== index))}>✕</button>
            </li>
          `,
        )}
      </ol>
      <div class="row" style="align-items:flex-end">
        <label class="field" for="target-input" style="flex:1;margin:0">
          <span>Add a target <span class="hint">connection/model, provider/model or another combo</span></span>
          <input class="input" id="target-input" list="target-suggestions" value=${draft} placeholder="my-openai/gpt-4o-mini"
            onInput=${(event: Event) => setDraft((event.target as HTMLInputElement).value)}
            onKeyDown=${(event: KeyboardEvent) => { if (event.key === "Enter") { event.preventDefault(); add(); } }} />
        </label>
        <button type="button" class="button" onClick=${add}>Add target</button>
      </div>
      <datalist id="target-suggestions">${suggestions.map((suggestion) => html`<option value=${suggestion} />`)}</datalist>
    </div>
  `;
}
