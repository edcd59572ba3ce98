// API keys: create one (shown once, with client snippets), set its rate limits and monthly budget, revoke it.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import { KeyReveal } from "../components/key-reveal.ts";
import { ModalDialog } from "../components/modal-dialog.ts";
import { PageHeader } from "../components/page-header.ts";
import { toast } from "../components/toasts.ts";
import { formatDateTime } from "../format.ts";
import { html } from "../html.ts";
import { modelSuggestions } from "../model-suggestions.ts";
import type { ApiKey, ApiKeyLimits, Combo, Connection } from "../types.ts";
import { useApi } from "../use-api.ts";

const toNumber = (text: string) => (text.trim() === "" ? null : Number(text));
const limitText = (value: number | null) => (value === null ? "" : String(value));

function LimitFields({ limits, onChange }: { limits: Record<keyof ApiKeyLimits, string>; onChange: (limits: Record<keyof ApiKeyLimits, string>) => void }) {
  return html`
    <div class="form-grid">
      <${TextField} label="Requests / minute" name="requests-per-minute" type="number" min=${1} hint="blank = default" value=${limits.requestsPerMinute} onInput=${(value: string) => onChange({ ...limits, requestsPerMinute: value })} />
      <${TextField} label="Tokens / minute" name="tokens-per-minute" type="number" min=${1} hint="blank = default" value=${limits.tokensPerMinute} onInput=${(value: string) => onChange({ ...limits, tokensPerMinute: value })} />
      <${TextField} label="Monthly budget (USD)" name="monthly-budget" type="number" min=${0} step="0.01" hint="blank = default" value=${limits.monthlyBudgetUsd} onInput=${(value: string) => onChange({ ...limits, monthlyBudgetUsd: value })} />
    </div>
  `;
}

const emptyLimits = { requestsPerMinute: "", tokensPerMinute: "", monthlyBudgetUsd: "" };
const parsedLimits = (limits: typeof emptyLimits): ApiKeyLimits => ({
  requestsPerMinute: toNumber(limits.requestsPerMinute),
  tokensPerMinute: toNumber(limits.tokensPerMinute),
  monthlyBudgetUsd: toNumber(limits.monthlyBudgetUsd),
});

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKey & { key: string }) => void }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState("client");
  const [limits, setLimits] = useState(emptyLimits);
  const [error, setError] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      onCreated(await api<ApiKey & { key: string }>("/api/keys", { method: "POST", body: { name: name.trim(), scope, limits: parsedLimits(limits) } }));
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return html`
    <form onSubmit=${submit} aria-label="Create an API key">
      <div class="form-grid">
        <${TextField} label="Name" name="key-name" hint="who uses it" placeholder="my-app" value=${name} required onInput=${setName} />
        <${SelectField} label="Scope" name="scope" value=${scope} onChange=${setScope} options=${[{ value: "client", label: "Client: model calls" }, { value: "admin", label: "Admin: this API too" }]} />
      </div>
      <${LimitFields} limits=${limits} onChange=${setLimits} />
      ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
      <div class="row end"><button class="button primary" type="submit">Create key</button></div>
    </form>
  `;
}

function EditLimitsForm({ apiKey, onSaved }: { apiKey: ApiKey; onSaved: () => void }) {
  const [limits, setLimits] = useState({
    requestsPerMinute: limitText(apiKey.limits.requestsPerMinute),
    tokensPerMinute: limitText(apiKey.limits.tokensPerMinute),
    monthlyBudgetUsd: limitText(apiKey.limits.monthlyBudgetUsd),
  });
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api(`/api/keys/${apiKey.id}`, { method: "PATCH", body: { limits: parsedLimits(limits) } });
      onSaved();
    } catch (failure) {
      toast(messageOf(failure), "error");
    }
  };
  return html`<form onSubmit=${submit}><${LimitFields} limits=${limits} onChange=${setLimits} /><div class="row end"><button class="button primary" type="submit">Save limits</button></div></form>`;
}

export default function KeysPage() {
  const keys = useApi<{ keys: ApiKey[] }>("/api/keys");
  const connections = useApi<{ connections: Connection[] }>("/api/connections");
  const combos = useApi<{ combos: Combo[] }>("/api/combos");
  const [dialog, setDialog] = useState<{ kind: "create" } | { kind: "created"; key: string } | { kind: "limits"; apiKey: ApiKey } | undefined>(undefined);
  const exampleModel = modelSuggestions(connections.data?.connections, combos.data?.combos)[0] ?? "my-connection/model";

  const revoke = async (apiKey: ApiKey) => {
    if (!confirm(`Revoke "${apiKey.name}"? Clients using it are refused from the next request on.`)) return;
    try {
      await api(`/api/keys/${apiKey.id}`, { method: "DELETE" });
      toast(`Revoked ${apiKey.name}`);
      await keys.reload();
    } catch (failure) {
      toast(messageOf(failure), "error");
    }
  };
  const limitSummary = (limits: ApiKeyLimits) =>
    [limits.requestsPerMinute && `${limits.requestsPerMinute} req/min`, limits.tokensPerMinute && `${limits.tokensPerMinute} tok/min`, limits.monthlyBudgetUsd !== null && `$${limits.monthlyBudgetUsd}/month`].filter(Boolean).join(" · ") || "defaults";
  const title = dialog?.kind === "create" ? "Create an API key" : dialog?.kind === "created" ? "Your new key" : dialog?.kind === "limits" ? `Limits of ${dialog.apiKey.name}` : "";
  return html`
    <${PageHeader} title="API keys" description="Keys your apps send to the gateway. Stored as hashes; shown once when created.">
      <button class="button primary" type="button" onClick=${() => setDialog({ kind: "create" })}>Create key</button>
    </${PageHeader}>
    ${keys.error ? html`<p class="error-text" role="alert">${keys.error}</p>` : null}
    <section class="table-wrap" aria-label="API keys">
      <table class="cards">
        <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scope</th><th scope="col">Limits</th><th scope="col">Created</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          ${(keys.data?.keys ?? []).length === 0 && !keys.loading ? html`<tr><td colspan="7" class="empty">No keys yet.</td></tr>` : null}
          ${(keys.data?.keys ?? []).map(
            (apiKey) => html`
              <tr data-key=${apiKey.name}>
                <td data-label="Name"><strong>${apiKey.name}</strong></td>
                <td data-label="Key" class="mono small nowrap">${apiKey.preview}</td>
                <td data-label="Scope"><span class=${`badge ${apiKey.scope === "admin" ? "warn" : ""}`}>${apiKey.scope}</span></td>
                <td data-label="Limits" class="small">${limitSummary(apiKey.limits)}</td>
                <td data-label="Created" class="small">${formatDateTime(apiKey.createdAt)}</td>
                <td data-label="Status">${apiKey.revokedAt ? html`<span class="badge error">revoked</span>` : html`<span class="badge ok">active</span>`}</td>
                <td>
                  ${apiKey.revokedAt
                    ? null
                    : html`<div class="row">
                        <button class="button small" type="button" onClick=${() => setDialog({ kind: "limits", apiKey })}>Limits</button>
                        <button class="button small danger" type="button" onClick=${() => revoke(apiKey)} aria-label=${`Revoke ${apiKey.name}`}>Revoke</button>
                      </div>`}
                </td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    </section>
    <${ModalDialog} title=${title} open=${dialog !== undefined} onClose=${() => setDialog(undefined)}>
      ${dialog?.kind === "create" ? html`<${CreateKeyForm} onCreated=${(created: { key: string }) => { setDialog({ kind: "created", key: created.key }); void keys.reload(); }} />` : null}
      ${dialog?.kind === "created" ? html`<${KeyReveal} apiKey=${dialog.key} model=${exampleModel} />` : null}
      ${dialog?.kind === "limits" ? html`<${EditLimitsForm} apiKey=${dialog.apiKey} onSaved=${() => { toast("Limits saved"); setDialog(undefined); void keys.reload(); }} />` : null}
    </${ModalDialog}>
  `;
}
