// The settings a provider asks each connection for (Vertex project and location, watsonx region, Bedrock region),
// as fields named after the catalog: its description as the hint, its default as the placeholder, required ones
// marked. An empty field keeps the catalog's default.
import { html } from "../html.ts";
import type { ProviderSetting } from "../types.ts";
import { TextField } from "./form-fields.ts";

type Props = {
  specs: ProviderSetting[];
  values: Record<string, string>;
  /** What is in effect now (defaults and values taken from elsewhere, such as a credential), shown when empty. */
  effective?: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
};

/** The values worth sending: one per catalog setting, trimmed, empty ones left out. */
export function settingsToSave(specs: ProviderSetting[], values: Record<string, string>): Record<string, string> {
  const saved: Record<string, string> = {};
  for (const spec of specs) {
    const value = values[spec.name]?.trim();
    if (value) saved[spec.name] = value;
  }
  return saved;
}

export function ConnectionSettingsFields({ specs, values, effective, onChange }: Props) {
  if (specs.length === 0) return null;
  return html`
    <fieldset class="settings-fields">
      <legend>Provider settings</legend>
      <div class="form-grid">
        ${specs.map(
          (spec) => html`<${TextField}
            key=${spec.name}
            label=${spec.label}
            name=${`setting-${spec.name}`}
            hint=${spec.required ? `required · ${spec.description}` : spec.description}
            placeholder=${spec.default ?? effective?.[spec.name] ?? ""}
            value=${values[spec.name] ?? ""}
            onInput=${(value: string) => onChange({ ...values, [spec.name]: value })}
          />`,
        )}
      </div>
    </fieldset>
  `;
}
