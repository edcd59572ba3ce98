// Labelled form controls: every input has a visible label (and an optional hint tied by aria-describedby).
import type { ComponentChildren } from "preact";
import { html } from "../html.ts";

let fieldCounter = 0;
const nextId = () => `field-${++fieldCounter}`;

type InputProps = {
  label: string;
  value: string | number;
  onInput: (value: string) => void;
  type?: string;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  name?: string;
  autocomplete?: string;
  list?: string;
  min?: number;
  step?: string;
};

export function TextField(props: InputProps) {
  const id = props.name ? `field-${props.name}` : nextId();
  return html`
    <label class="field" for=${id}>
      <span>${props.label}${props.hint ? html` <span class="hint" id=${`${id}-hint`}>${props.hint}</span>` : null}</span>
      <input
        class="input"
        id=${id}
        name=${props.name}
        type=${props.type ?? "text"}
        value=${props.value}
        placeholder=${props.placeholder}
        required=${props.required}
        autocomplete=${props.autocomplete ?? "off"}
        list=${props.list}
        min=${props.min}
        step=${props.step}
        aria-describedby=${props.hint ? `${id}-hint` : undefined}
        onInput=${(event: Event) => props.onInput((event.target as HTMLInputElement).value)}
      />
    </label>
  `;
}

type TextAreaProps = { label: string; value: string; onInput: (value: string) => void; name?: string; rows?: number; hint?: string };

export function TextAreaField(props: TextAreaProps) {
  const id = props.name ? `field-${props.name}` : nextId();
  return html`
    <label class="field" for=${id}>
      <span>${props.label}${props.hint ? html` <span class="hint">${props.hint}</span>` : null}</span>
      <textarea class="input" id=${id} name=${props.name} rows=${props.rows ?? 4} value=${props.value} onInput=${(event: Event) => props.onInput((event.target as HTMLTextAreaElement).value)}></textarea>
    </label>
  `;
}

type SelectProps = { label: string; value: string; onChange: (value: string) => void; options: Array<{ value: string; label: string }>; name?: string; hint?: ComponentChildren };

export function SelectField(props: SelectProps) {
  const id = props.name ? `field-${props.name}` : nextId();
  return html`
    <label class="field" for=${id}>
      <span>${props.label}</span>
      <select class="input" id=${id} name=${props.name} value=${props.value} onChange=${(event: Event) => props.onChange((event.target as HTMLSelectElement).value)}>
        ${props.options.map((option) => html`<option value=${option.value} selected=${option.value === props.value}>${option.label}</option>`)}
      </select>
      ${props.hint ? html`<span class="hint">${props.hint}</span>` : null}
    </label>
  `;
}

type CheckboxProps = { label: string; checked: boolean; onChange: (checked: boolean) => void; name?: string };

export function CheckboxField(props: CheckboxProps) {
  return html`
    <label class="checkbox">
      <input type="checkbox" name=${props.name} checked=${props.checked} onChange=${(event: Event) => props.onChange((event.target as HTMLInputElement).checked)} />
      ${props.label}
    </label>
  `;
}
