// Add or edit a connection: pick a provider from the catalog, name it, and give its base URL and credential
// (write-only: an existing key is never shown, leave the field blank to keep it), and the settings its catalog
// entry asks for (project, region, …). A subscription provider (OAuth)
// signs in instead of taking a key: the sign-in creates the connection, or renews an existing one's token. Used by
// Providers and Setup.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { html } from "../html.ts";
import type { Connection, Provider } from "../types.ts";
import { useApi } from "../use-api.ts";
import { ConnectionSettingsFields, settingsToSave } from "./connection-settings-fields.ts";
import { CheckboxField, TextField } from "./form-fields.ts";
import { OAuthLogin } from "./oauth-login.ts";
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
  const [settings, setSettings] = useState<Record<string, string>>(existing?.configuredSettings ?? {});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const providerId = existing?.provider ?? provider?.id;
  // Editing: the catalog entry says whether this connection signs in with OAuth, and what it needs.
  const existingProvider = useApi<Provider>(existing ? `/api/providers/${encodeURIComponent(existing.provider)}` : undefined).data;
  const catalogEntry = provider ?? existingProvider;
  const isCustom = catalogEntry?.custom === true;
  const isOAuth = catalogEntry?.authStyle === "oauth";
  const settingSpecs = catalogEntry?.settings ?? [];
  // A new OAuth connection is created by its sign-in, so the key fields and the save button give way to it.
  const signInOnly = isOAuth && !existing;

  const choose = (chosen: Provider) => {
    setProvider(chosen);
    if (chosen.id !== provider?.id) setSettings({});
    if (!name || name === provider?.id) setName(chosen.id === "openai-chat" ? "my-upstream" : chosen.id);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    // Enter in the name field of a new OAuth connection: the sign-in creates it, not a save without a token.
    if (signInOnly) return;
    setBusy(true);
    setError("");
    const fields = {
      baseUrl: baseUrl.trim() || null,
      ...(apiKey ? { apiKey } : {}),
      models: splitList(models),
      priority: Number(priority) || 0,
      enabled,
      ...(settingSpecs.length > 0 ? { settings: settingsToSave(settingSpecs, settings) } : {}),
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
            ${signInOnly
              ? html`<div class="form-grid" style="margin-top:0.75rem">
                  <${TextField} label="Name" name="connection-name" hint="clients call connection/model; an existing one of this provider signs in again" value=${name} required onInput=${setName} />
                </div>`
              : null}
            ${isOAuth && catalogEntry
              ? html`<${OAuthLogin}
                  key=${catalogEntry.id}
                  providerId=${catalogEntry.id}
                  provider=${catalogEntry}
                  name=${existing?.name ?? name}
                  signedIn=${existing?.hasCredential === true}
                  onDone=${onSaved}
                />`
              : null}
            ${signInOnly
              ? null
              : html`
                  <div class="form-grid" style="margin-top:0.75rem">
                    ${existing ? null : html`<${TextField} label="Name" name="connection-name" hint="clients call connection/model" value=${name} required onInput=${setName} />`}
                    <${TextField} label="Base URL" name="base-url" type="url" hint=${isCustom ? "required" : "optional"} placeholder=${provider?.baseUrl || "https://…/v1"} value=${baseUrl} required=${Boolean(isCustom)} onInput=${setBaseUrl} />
                    ${isOAuth
                      ? null
                      : html`<${TextField}
                          label="API key"
                          name="api-key"
                          type="password"
                          hint=${provider?.envVar ? `or set ${provider.envVar}` : "stored encrypted"}
                          placeholder=${existing?.hasCredential ? "stored; leave blank to keep" : "sk-…"}
                          autocomplete="new-password"
                          value=${apiKey}
                          onInput=${setApiKey}
                        />`}
                    <${TextField} label="Models" name="models" hint="comma-separated; blank = discover" placeholder="gpt-4o-mini, gpt-4o" value=${models} onInput=${setModels} />
                    <${TextField} label="Priority" name="priority" type="number" hint="lower is tried first" value=${priority} onInput=${setPriority} />
                  </div>
                  <${ConnectionSettingsFields} specs=${settingSpecs} values=${settings} effective=${existing?.settings} onChange=${setSettings} />
                  <${CheckboxField} label="Enabled" name="enabled" checked=${enabled} onChange=${setEnabled} />
                `}
          `
        : html`<p class="muted small">Pick a provider to continue.</p>`}
      ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
      <div class="row end">
        ${onCancel ? html`<button type="button" class="button" onClick=${onCancel}>Cancel</button>` : null}
        ${signInOnly ? null : html`<button type="submit" class="button primary" disabled=${busy || !providerId}>${busy ? "Saving…" : existing ? "Save changes" : "Add connection"}</button>`}
      </div>
    </form>
  `;
}
