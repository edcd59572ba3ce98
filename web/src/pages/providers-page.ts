// Providers: your connections (add, edit, enable or disable, test, remove, sign in to a subscription provider), the
// searchable catalog to add from, and the health of each route (breakers, cooldowns, lockouts) with time to recovery.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { ConnectionForm } from "../components/connection-form.ts";
import { ModalDialog } from "../components/modal-dialog.ts";
import { OAuthLogin } from "../components/oauth-login.ts";
import { PageHeader } from "../components/page-header.ts";
import { ResiliencePanel } from "../components/resilience-panel.ts";
import { toast } from "../components/toasts.ts";
import { html } from "../html.ts";
import type { Connection } from "../types.ts";
import { useApi } from "../use-api.ts";

type TestResult = { ok: boolean; model: string; latencyMs: number; status: number; reply: string | null; error: { message: string } | null };

/** An OAuth connection whose token is missing or was refused for good: only a new sign-in revives it. */
const needsSignIn = (connection: Connection) => /^(needs login|not signed in)/.test(connection.problem ?? "");

function statusBadge(connection: Connection) {
  if (!connection.enabled) return html`<span class="badge">disabled</span>`;
  if (needsSignIn(connection)) return html`<span class="badge warn" title=${connection.problem}>sign in needed</span>`;
  if (connection.problem) return html`<span class="badge error" title=${connection.problem}>problem</span>`;
  return html`<span class="badge ok">ready</span>`;
}

export default function ProvidersPage() {
  const connections = useApi<{ connections: Connection[] }>("/api/connections");
  const [editing, setEditing] = useState<Connection | "new" | undefined>(undefined);
  const [tests, setTests] = useState<Record<string, TestResult | "running">>({});
  const [signingIn, setSigningIn] = useState<Connection | undefined>(undefined);

  const test = async (connection: Connection) => {
    setTests((current) => ({ ...current, [connection.name]: "running" }));
    try {
      const result = await api<TestResult>(`/api/connections/${encodeURIComponent(connection.name)}/test`, { method: "POST", body: {} });
      setTests((current) => ({ ...current, [connection.name]: result }));
    } catch (failure) {
      setTests((current) => ({ ...current, [connection.name]: { ok: false, model: "", latencyMs: 0, status: 0, reply: null, error: { message: messageOf(failure) } } }));
    }
  };
  const toggle = async (connection: Connection) => {
    try {
      await api(`/api/connections/${encodeURIComponent(connection.name)}`, { method: "PATCH", body: { enabled: !connection.enabled } });
      toast(`${connection.name} ${connection.enabled ? "disabled" : "enabled"}`);
      await connections.reload();
    } catch (failure) {
      toast(messageOf(failure), "error");
    }
  };
  const remove = async (connection: Connection) => {
    if (!confirm(`Remove the connection "${connection.name}"? Clients using ${connection.name}/… will get 404.`)) return;
    try {
      const result = await api<{ referencedBy: string[] }>(`/api/connections/${encodeURIComponent(connection.name)}`, { method: "DELETE" });
      toast(result.referencedBy.length ? `Removed; still named by combos: ${result.referencedBy.join(", ")}` : `Removed ${connection.name}`);
      await connections.reload();
    } catch (failure) {
      toast(messageOf(failure), "error");
    }
  };
  const saved = async (connection: Connection) => {
    toast(`Saved ${connection.name}`);
    setEditing(undefined);
    await connections.reload();
  };
  const signedIn = async (connection: Connection) => {
    toast(`Signed in: ${connection.name} is ready`);
    setSigningIn(undefined);
    await connections.reload();
  };

  const list = connections.data?.connections ?? [];
  const testCell = (connection: Connection) => {
    const result = tests[connection.name];
    if (result === "running") return html`<span class="muted small">testing…</span>`;
    if (!result) return null;
    return result.ok
      ? html`<span class="badge ok" data-test-result="ok">OK · ${result.latencyMs} ms</span>`
      : html`<span class="badge error" data-test-result="error" title=${result.error?.message}>${result.status || "error"}</span> <span class="small error-text">${result.error?.message}</span>`;
  };

  return html`
    <${PageHeader} title="Providers" description="Connections to upstream providers. Credentials are stored encrypted and never shown again.">
      <button class="button primary" type="button" onClick=${() => setEditing("new")}>Add connection</button>
    </${PageHeader}>
    ${connections.error ? html`<p class="error-text" role="alert">${connections.error}</p>` : null}
    <section class="table-wrap" aria-label="Connections">
      <table class="cards">
        <thead><tr><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Base URL</th><th scope="col" class="number">Models</th><th scope="col">Status</th><th scope="col">Test</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          ${list.length === 0 && !connections.loading ? html`<tr><td colspan="7" class="empty">No connections yet. Add one to start routing requests.</td></tr>` : null}
          ${list.map(
            (connection) => html`
              <tr data-connection=${connection.name}>
                <td data-label="Name"><strong>${connection.name}</strong>${connection.source === "config" ? html` <span class="badge" title="declared in the config file">config</span>` : null}</td>
                <td data-label="Provider"><div>${connection.providerName}<div class="muted small">${connection.family}</div></div></td>
                <td data-label="Base URL" class="mono small" style="max-width:16rem;overflow-wrap:anywhere">${connection.baseUrl}</td>
                <td data-label="Models" class="number">${connection.availableModels.length}</td>
                <td data-label="Status">${statusBadge(connection)}${connection.hasCredential || needsSignIn(connection) ? null : html` <span class="badge warn">no key</span>`}</td>
                <td data-label="Test">${testCell(connection)}</td>
                <td>
                  <div class="row">
                    ${needsSignIn(connection)
                      ? html`<button class="button small primary" type="button" onClick=${() => setSigningIn(connection)} aria-label=${`Sign in ${connection.name}`}>Sign in</button>`
                      : null}
                    <button class="button small" type="button" onClick=${() => test(connection)} aria-label=${`Test ${connection.name}`}>Test</button>
                    <button class="button small" type="button" onClick=${() => setEditing(connection)} aria-label=${`Edit ${connection.name}`}>Edit</button>
                    <button class="button small" type="button" onClick=${() => toggle(connection)}>${connection.enabled ? "Disable" : "Enable"}</button>
                    <button class="button small danger" type="button" onClick=${() => remove(connection)} aria-label=${`Remove ${connection.name}`}>Remove</button>
                  </div>
                </td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    </section>
    <div style="margin-top:1rem"><${ResiliencePanel} /></div>
    <${ModalDialog} title=${editing === "new" ? "Add a connection" : `Edit ${editing?.name ?? ""}`} open=${editing !== undefined} onClose=${() => setEditing(undefined)}>
      <${ConnectionForm} key=${editing === "new" ? "new" : editing?.name} existing=${editing === "new" ? undefined : editing} onSaved=${saved} onCancel=${() => setEditing(undefined)} />
    </${ModalDialog}>
    <${ModalDialog} title=${`Sign in: ${signingIn?.name ?? ""}`} open=${signingIn !== undefined} onClose=${() => setSigningIn(undefined)}>
      ${signingIn
        ? html`<p class="muted small" style="margin:0">${signingIn.providerName} · ${(signingIn.problem ?? "").split(";")[0]}</p>
            <${OAuthLogin} key=${signingIn.name} providerId=${signingIn.provider} name=${signingIn.name} signedIn=${signingIn.hasCredential} onDone=${signedIn} />`
        : null}
    </${ModalDialog}>
  `;
}
