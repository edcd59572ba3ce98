// Combos: named, ordered groups of targets that clients call as one model. Create and edit with drag to reorder,
// pick a strategy (each explained in one line), and preview where a request would go.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { TextField, SelectField } from "../components/form-fields.ts";
import { ModalDialog } from "../components/modal-dialog.ts";
import { PageHeader } from "../components/page-header.ts";
import { TargetList } from "../components/target-list.ts";
import { toast } from "../components/toasts.ts";
import { html } from "../html.ts";
import { modelSuggestions } from "../model-suggestions.ts";
import type { Combo, Connection, Strategy } from "../types.ts";
import { useApi } from "../use-api.ts";

type Explanation = { resolved: boolean; strategy: string; candidates: Array<{ target: string; provider: string }>; error: { message: string } | null };

function ComboForm({ existing, strategies, suggestions, onSaved }: { existing?: Combo; strategies: Strategy[]; suggestions: string[]; onSaved: (combo: Combo) => void }) {
  const [name, setName] = useState(existing?.name ?? "");
  const [strategy, setStrategy] = useState(existing?.strategy ?? "priority");
  const [targets, setTargets] = useState<string[]>(existing?.targets ?? []);
  const [preview, setPreview] = useState<Array<{ target: string; result: Explanation }>>([]);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const description = strategies.find((item) => item.name === strategy)?.description ?? "";

  const explain = async () => {
    const results = await Promise.all(
      targets.map(async (target) => ({ target, result: await api<Explanation>("/api/route/explain", { method: "POST", body: { model: target } }) })),
    ).catch((failure) => {
      setError(messageOf(failure));
      return [];
    });
    setPreview(results);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      const combo = existing
        ? await api<Combo>(`/api/combos/${encodeURIComponent(existing.name)}`, { method: "PATCH", body: { strategy, targets } })
        : await api<Combo>("/api/combos", { method: "POST", body: { name: name.trim(), strategy, targets } });
      onSaved(combo);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return html`
    <form onSubmit=${submit} aria-label=${existing ? `Edit combo ${existing.name}` : "New combo"}>
      <div class="form-grid">
        ${existing ? null : html`<${TextField} label="Name" name="combo-name" hint="what clients send as the model" value=${name} required onInput=${setName} />`}
        <${SelectField} label="Strategy" name="strategy" value=${strategy} onChange=${setStrategy} options=${strategies.map((item) => ({ value: item.name, label: item.name }))} hint=${description} />
      </div>
      <${TargetList} targets=${targets} onChange=${(next: string[]) => { setTargets(next); setPreview([]); }} suggestions=${suggestions} />
      <div class="card" style="margin-top:0.75rem">
        <div class="row between"><h3>Route preview</h3><button type="button" class="button small" onClick=${explain} disabled=${targets.length === 0}>Preview route</button></div>
        ${preview.length === 0
          ? html`<p class="muted small">Shows which connection and model each target reaches, in order.</p>`
          : html`<ol class="small" data-route-preview>${preview.map(({ target, result }) =>
              html`<li><span class="mono">${target}</span> → ${result.error ? html`<span class="error-text">${result.error.message}</span>` : result.candidates.map((candidate) => candidate.target).join(", ")}</li>`,
            )}</ol>`}
      </div>
      ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
      <div class="row end" style="margin-top:0.75rem">
        <button type="submit" class="button primary" disabled=${busy || targets.length === 0}>${busy ? "Saving…" : existing ? "Save combo" : "Create combo"}</button>
      </div>
    </form>
  `;
}

export default function CombosPage() {
  const combos = useApi<{ combos: Combo[] }>("/api/combos");
  const strategies = useApi<{ strategies: Strategy[] }>("/api/combos/strategies");
  const connections = useApi<{ connections: Connection[] }>("/api/connections");
  const [editing, setEditing] = useState<Combo | "new" | undefined>(undefined);
  const suggestions = modelSuggestions(connections.data?.connections, combos.data?.combos);

  const saved = async (combo: Combo) => {
    toast(`Saved combo ${combo.name}`);
    setEditing(undefined);
    await combos.reload();
  };
  const remove = async (combo: Combo) => {
    if (!confirm(`Delete the combo "${combo.name}"?`)) return;
    try {
      await api(`/api/combos/${encodeURIComponent(combo.name)}`, { method: "DELETE" });
      toast(`Deleted ${combo.name}`);
      await combos.reload();
    } catch (failure) {
      toast(messageOf(failure), "error");
    }
  };
  const list = combos.data?.combos ?? [];
  return html`
    <${PageHeader} title="Combos" description="One model name, several targets: fallback, load balancing and cost routing.">
      <button class="button primary" type="button" onClick=${() => setEditing("new")}>New combo</button>
    </${PageHeader}>
    ${combos.error ? html`<p class="error-text" role="alert">${combos.error}</p>` : null}
    ${list.length === 0 && !combos.loading ? html`<div class="card empty">No combos yet. A combo lets clients call one name that falls back across providers.</div>` : null}
    <div class="grid two">
      ${list.map(
        (combo) => html`
          <section class="card" data-combo=${combo.name} aria-labelledby=${`combo-${combo.name}`}>
            <div class="row between">
              <h2 id=${`combo-${combo.name}`} class="mono">${combo.name}</h2>
              <span class="badge accent">${combo.strategy}</span>
            </div>
            <p class="muted small">${combo.strategyDescription}</p>
            <ol class="small">${combo.targets.map((target) => html`<li class="mono">${target}</li>`)}</ol>
            <div class="row end">
              <button class="button small" type="button" onClick=${() => setEditing(combo)}>Edit</button>
              <button class="button small danger" type="button" onClick=${() => remove(combo)} aria-label=${`Delete ${combo.name}`}>Delete</button>
            </div>
          </section>
        `,
      )}
    </div>
    <${ModalDialog} title=${editing === "new" ? "New combo" : `Edit ${editing?.name ?? ""}`} open=${editing !== undefined} onClose=${() => setEditing(undefined)}>
      <${ComboForm} key=${editing === "new" ? "new" : editing?.name} existing=${editing === "new" ? undefined : editing} strategies=${strategies.data?.strategies ?? []} suggestions=${suggestions} onSaved=${saved} />
    </${ModalDialog}>
  `;
}
