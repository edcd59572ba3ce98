// Add or edit a connection: pick a provider from the catalog, name it, and give its base URL and credential
// (write-only: an existing key is never shown, leave the field blank to keep it). Used by Providers and Setup.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { html } from "../html.ts";
import type { Connection, Provider } from "../types.ts";
import { CheckboxField, TextField } from "./form-fields.ts";
import { ProviderPicker } from "./provider-picker.ts";

type Props = { existing?: Connection; onSaved: (connection: Connection) => void; onCancel?: () => void };

const splitList = (text: string) => text.split(/[\s,]+/).map((item) => item.trim()).filter(Boolean);

export function ConnectionForm({ existing, onSaved, onCancel }: Props) {
  const [provider, setProvider] = useState<Provider | undefined>(undefined);
  const [name, setName] = useState(existing?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(existing?.customBaseUrl ?? "");
  const [apiKey, setApiKey] = useState("");
  const [models, setModels] = useState((existing?.models ?? []).join(", "));
  const [priority, setPriority] = useState(String(existing?.priority ?? 0));
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const providerId = existing?.provider ?? provider?.id;
  const isCustom = provider?.custom ?? existing?.family === existing?.provider;

  const choose = (chosen: Provider) => {
    setProvider(chosen);
    if (!name || name === provider?.id) setName(chosen.id === "openai-chat" ? "my-upstream" : chosen.id);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    const fields = {
      baseUrl: baseUrl.trim() || null,
      ...(apiKey ? { apiKey } : {}),
      models: splitList(models),
      priority: Number(priority) || 0,
      enabled,
    };
    try {
      const saved = existing
        ? await api<Connection>(`/api/connections/${encodeURIComponent(existing.name)}`, { method: "PATCH", body: fields })
        : await api<Connection>("/api/connections", { method: "POST", body: { name: name.trim(), provider: providerId, ...fields } });
      onSaved(saved);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return html`
    <form onSubmit=${submit} aria-label=${existing ? `Edit ${existing.name}` : "Add a connection"}>
      ${existing ? html`<p class="muted">${existing.providerName} · ${existing.family}</p>` : html`<${ProviderPicker} selected=${provider?.id} onSelect=${choose} />`}
      ${providerId
        ? html`
            ${provider?.authStyle === "oauth"
              ? html`<div class="card" style="margin:0.75rem 0">
                  <button type="button" class="button" disabled>Sign in with ${provider.name}</button>
                  <p class="muted small" style="margin:0.5rem 0 0">OAuth sign-in (${provider.oauthFlow}) is not wired into this build yet: paste an access token as the API key below.</p>
                </div>`
              : null}
            <div class="form-grid" style="margin-top:0.75rem">
              ${existing ? null : html`<${TextField} label="Name" name="connection-name" hint="clients call connection/model" value=${name} required onInput=${setName} />`}
              <${TextField} label="Base URL" name="base-url" type="url" hint=${isCustom ? "required" : "optional"} placeholder=${provider?.baseUrl || "https://…/v1"} value=${baseUrl} required=${Boolean(isCustom)} onInput=${setBaseUrl} />
              <${TextField}
                label="API key"
                name="api-key"
                type="password"
                hint=${provider?.envVar ? `or set ${provider.envVar}` : "stored encrypted"}
                placeholder=${existing?.hasCredential ? "stored; leave blank to keep" : "sk-…"}
                autocomplete="new-password"
                value=${apiKey}
                onInput=${setApiKey}
              />
              <${TextField} label="Models" name="models" hint="comma-separated; blank = discover" placeholder="gpt-4o-mini, gpt-4o" value=${models} onInput=${setModels} />
              <${TextField} label="Priority" name="priority" type="number" hint="lower is tried first" value=${priority} onInput=${setPriority} />
            </div>
            <${CheckboxField} label="Enabled" name="enabled" checked=${enabled} onChange=${setEnabled} />
          `
        : html`<p class="muted small">Pick a provider to continue.</p>`}
      ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
      <div class="row end">
        ${onCancel ? html`<button type="button" class="button" onClick=${onCancel}>Cancel</button>` : null}
        <button type="submit" class="button primary" disabled=${busy || !providerId}>${busy ? "Saving…" : existing ? "Save changes" : "Add connection"}</button>
      </div>
    </form>
  `;
}
