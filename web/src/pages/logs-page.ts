// Request inspector and live logs: every request as it finishes (server-sent events), with status, the route
// taken, attempts, latency, tokens and cost; select one to see all of it.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, messageOf } from "../api.ts";
import { CheckboxField, SelectField, TextField } from "../components/form-fields.ts";
import { PageHeader } from "../components/page-header.ts";
import { formatCost, formatDuration, formatInteger, formatTime } from "../format.ts";
import { html } from "../html.ts";
import { subscribeToUsage } from "../live-usage.ts";
import { routeOf, toLogRecord } from "../log-record.ts";
import type { LogRecord } from "../types.ts";

const maximumRows = 500;

/** A record from the live stream and the same one read back from /api/logs look alike by these fields. */
const identity = (record: LogRecord) => `${record.timestamp}|${record.requestedModel}|${record.latencyMs}|${record.status}`;

function statusBadge(record: LogRecord) {
  const kind = record.status < 400 ? "ok" : record.status === 429 || record.status === 499 ? "warn" : "error";
  return html`<span class=${`badge ${kind}`}>${record.status}</span>`;
}

function Inspector({ record }: { record: LogRecord }) {
  const rows: Array<[string, unknown]> = [
    ["Time", new Date(record.timestamp).toLocaleString()],
    ["Status", `${record.status}${record.errorCode ? ` · ${record.errorCode}` : ""}`],
    ["Client format", record.clientFormat],
    ["Requested model", record.requestedModel],
    ["Route taken", routeOf(record)],
    ["Provider", record.provider ?? "—"],
    ["Combo", record.combo ?? "—"],
    ["Attempts", record.attempts],
    ["Streamed", record.stream ? "yes" : "no"],
    ["Latency", formatDuration(record.latencyMs)],
    ["First token", record.firstTokenMs === null ? "—" : formatDuration(record.firstTokenMs)],
    ["Tokens", `${formatInteger(record.inputTokens)} in · ${formatInteger(record.outputTokens)} out${record.estimated ? " (estimated)" : ""}`],
    ["Cost", formatCost(record.costUsd)],
    ["API key", record.apiKeyName ?? "none"],
  ];
  return html`
    <section class="card" aria-labelledby="inspector-title" data-inspector>
      <h2 id="inspector-title">Request ${record.id.startsWith("live-") ? "" : `#${record.id}`}</h2>
      <dl class="details">${rows.map(([label, value]) => html`<dt>${label}</dt><dd class=${label === "Route taken" || label === "Requested model" ? "mono" : ""}>${String(value)}</dd>`)}</dl>
      <p class="muted small" style="margin-top:0.75rem">Request and response bodies are kept only when body capture is on (Settings).</p>
    </section>
  `;
}

export default function LogsPage() {
  const [records, setRecords] = useState<LogRecord[]>([]);
  const [error, setError] = useState("");
  const [live, setLive] = useState(true);
  const [status, setStatus] = useState("");
  const [model, setModel] = useState("");
  const [selected, setSelected] = useState<LogRecord | undefined>(undefined);
  /** Live records that arrive while the first page is loading, kept so the load does not drop them. */
  const arrivedDuringLoad = useRef<LogRecord[] | undefined>(undefined);

  useEffect(() => {
    arrivedDuringLoad.current = [];
    const query = new URLSearchParams({ limit: "200" });
    if (status) query.set("status", status);
    if (model.trim()) query.set("model", model.trim());
    api<{ records: Array<Record<string, unknown>> }>(`/api/logs?${query}`)
      .then((result) => {
        const loaded = result.records.map(toLogRecord);
        const known = new Set(loaded.map(identity));
        setRecords([...(arrivedDuringLoad.current ?? []).filter((record) => !known.has(identity(record))), ...loaded].slice(0, maximumRows));
        arrivedDuringLoad.current = undefined;
        setError("");
      })
      .catch((failure) => setError(messageOf(failure)));
  }, [status, model]);

  useEffect(() => {
    if (!live) return;
    return subscribeToUsage((record) => {
      if (status === "ok" && record.status >= 400) return;
      if (status === "error" && record.status < 400) return;
      if (model.trim() && record.requestedModel !== model.trim() && record.servedModel !== model.trim()) return;
      arrivedDuringLoad.current?.push(record);
      setRecords((current) => [record, ...current].slice(0, maximumRows));
    });
  }, [live, status, model]);

  return html`
    <${PageHeader} title="Live logs" description="Every request as it finishes: where it went, how long it took, what it cost.">
      ${live ? html`<span class="badge ok"><span class="live-dot"></span>Live</span>` : html`<span class="badge">Paused</span>`}
    </${PageHeader}>
    <section class="card" aria-label="Filters">
      <div class="form-grid">
        <${SelectField} label="Status" name="log-status" value=${status} onChange=${setStatus} options=${[{ value: "", label: "All" }, { value: "ok", label: "Succeeded" }, { value: "error", label: "Failed" }]} />
        <${TextField} label="Model" name="log-model" placeholder="requested or served model" value=${model} onInput=${setModel} />
      </div>
      <${CheckboxField} label="Follow live" name="follow-live" checked=${live} onChange=${setLive} />
    </section>
    ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
    <div class=${selected ? "split" : "grid"} style="margin-top:1rem">
      <section class="table-wrap" aria-label="Requests" style="max-height:70vh;overflow:auto">
        <table class="cards">
          <thead><tr><th scope="col">Time</th><th scope="col">Status</th><th scope="col">Model → route</th><th scope="col" class="number">Attempts</th><th scope="col" class="number">Latency</th><th scope="col" class="number">Tokens</th><th scope="col" class="number">Cost</th></tr></thead>
          <tbody>
            ${records.length === 0 ? html`<tr><td colspan="7" class="empty">No requests yet. Send one from the Playground.</td></tr>` : null}
            ${records.map(
              (record) => html`
                <tr key=${record.id} class=${`clickable${selected?.id === record.id ? " selected" : ""}`} tabindex="0" data-log-model=${record.requestedModel}
                  onClick=${() => setSelected(record)} onKeyDown=${(event: KeyboardEvent) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); setSelected(record); } }}>
                  <td data-label="Time" class="small nowrap">${formatTime(record.timestamp)}</td>
                  <td data-label="Status">${statusBadge(record)}</td>
                  <td data-label="Model → route" class="nowrap"><div><span class="mono small">${record.requestedModel}</span><div class="muted small mono nowrap">→ ${routeOf(record)}</div></div></td>
                  <td data-label="Attempts" class="number">${record.attempts}</td>
                  <td data-label="Latency" class="number nowrap">${formatDuration(record.latencyMs)}</td>
                  <td data-label="Tokens" class="number">${formatInteger(record.inputTokens + record.outputTokens)}</td>
                  <td data-label="Cost" class="number">${formatCost(record.costUsd)}</td>
                </tr>
              `,
            )}
          </tbody>
        </table>
      </section>
      ${selected ? html`<${Inspector} record=${selected} />` : null}
    </div>
  `;
}
