// Settings: log level, request body capture, log retention, response cache and the default limits for keys;
// and the dashboard password.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { CheckboxField, SelectField, TextField } from "../components/form-fields.ts";
import { PageHeader } from "../components/page-header.ts";
import { PasswordForm } from "../components/password-form.ts";
import { toast } from "../components/toasts.ts";
import { html } from "../html.ts";
import type { GatewaySettings } from "../types.ts";
import { useApi } from "../use-api.ts";

export default function SettingsPage() {
  const loaded = useApi<GatewaySettings>("/api/settings");
  const [settings, setSettings] = useState<GatewaySettings | undefined>(undefined);
  useEffect(() => setSettings(loaded.data), [loaded.data]);
  const update = <K extends keyof GatewaySettings>(key: K, value: GatewaySettings[K]) => setSettings((current) => (current ? { ...current, [key]: value } : current));
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      setSettings(await api<GatewaySettings>("/api/settings", { method: "PUT", body: settings }));
      toast("Settings saved");
    } catch (failure) {
      toast(messageOf(failure), "error");
    }
  };
  const number = (text: string) => (text.trim() === "" ? 0 : Number(text));
  return html`
    <${PageHeader} title="Settings" description="Stored in the gateway's database; they apply to every client." />
    ${loaded.error ? html`<p class="error-text" role="alert">${loaded.error}</p>` : null}
    ${settings
      ? html`
          <form class="card" onSubmit=${save} aria-label="Gateway settings">
            <h2>Logging</h2>
            <div class="form-grid">
              <${SelectField} label="Log level" name="log-level" value=${settings.logLevel} onChange=${(value: string) => update("logLevel", value as GatewaySettings["logLevel"])}
                options=${["trace", "debug", "info", "warn", "error"].map((level) => ({ value: level, label: level }))} hint="applies from the next start" />
              <${TextField} label="Keep request logs (days)" name="retention-days" type="number" min=${1} value=${settings.retentionDays} onInput=${(value: string) => update("retentionDays", number(value))} />
            </div>
            <${CheckboxField} label="Capture request and response bodies in the log" name="capture-bodies" checked=${settings.captureBodies} onChange=${(value: boolean) => update("captureBodies", value)} />
            <h2>Cache</h2>
            <${CheckboxField} label="Answer identical requests from the cache" name="cache-enabled" checked=${settings.cacheEnabled} onChange=${(value: boolean) => update("cacheEnabled", value)} />
            <div class="form-grid"><${TextField} label="Cache lifetime (seconds)" name="cache-ttl" type="number" min=${1} value=${settings.cacheTtlSeconds} onInput=${(value: string) => update("cacheTtlSeconds", number(value))} /></div>
            <h2>Default limits per key</h2>
            <div class="form-grid">
              <${TextField} label="Requests / minute" name="default-rpm" type="number" min=${0} hint="0 = unlimited" value=${settings.defaultRequestsPerMinute} onInput=${(value: string) => update("defaultRequestsPerMinute", number(value))} />
              <${TextField} label="Tokens / minute" name="default-tpm" type="number" min=${0} hint="0 = unlimited" value=${settings.defaultTokensPerMinute} onInput=${(value: string) => update("defaultTokensPerMinute", number(value))} />
              <${TextField} label="Monthly budget (USD)" name="default-budget" type="number" min=${0} step="0.01" hint="0 = unlimited" value=${settings.defaultMonthlyBudgetUsd} onInput=${(value: string) => update("defaultMonthlyBudgetUsd", number(value))} />
            </div>
            <div class="row end"><button class="button primary" type="submit">Save settings</button></div>
          </form>
        `
      : html`<p class="muted">Loading…</p>`}
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Dashboard password</h2>
      <${PasswordForm} onChanged=${() => toast("Password changed")} />
      <p class="muted small">Locked out? <code>amrouter reset-password</code> sets a new one without the server running.</p>
    </section>
  `;
}
