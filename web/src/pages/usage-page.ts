// Usage and costs: filter by time range, key, model and provider, see the totals over time and per group, and
// export the matching request log as CSV.
import { useMemo, useState } from "preact/hooks";
import { SelectField } from "../components/form-fields.ts";
import { LineChart } from "../components/line-chart.ts";
import { PageHeader } from "../components/page-header.ts";
import { bucketStarts, RangePicker, ranges, type RangeName } from "../components/range-picker.ts";
import { formatBucket, formatCompact, formatCost, formatDuration, formatInteger, formatPercent } from "../format.ts";
import { html } from "../html.ts";
import type { ApiKey, UsageRow } from "../types.ts";
import { useApi } from "../use-api.ts";

type Breakdown = { rows: UsageRow[]; models: string[]; providers: string[]; bucket: "hour" | "day" };
type GroupBy = "model" | "key" | "provider";

export default function UsagePage() {
  const [range, setRange] = useState<RangeName>("7d");
  const [apiKeyId, setApiKeyId] = useState("");
  const [model, setModel] = useState("");
  const [provider, setProvider] = useState("");
  const [groupBy, setGroupBy] = useState<GroupBy>("model");
  const now = useMemo(() => Date.now(), [range]);
  const { bucket, milliseconds } = ranges[range];
  const filters = new URLSearchParams({ from: String(now - milliseconds), to: String(now + 1) });
  if (apiKeyId) filters.set("apiKeyId", apiKeyId);
  if (model) filters.set("model", model);
  if (provider) filters.set("provider", provider);
  const overTime = useApi<Breakdown>(`/api/usage/breakdown?${filters}&bucket=${bucket}`);
  const grouped = useApi<Breakdown>(`/api/usage/breakdown?${filters}&bucket=day&groupBy=${groupBy}`);
  const keys = useApi<{ keys: ApiKey[] }>("/api/keys");
  const keyNames = new Map((keys.data?.keys ?? []).map((key) => [String(key.id), key.name]));

  const starts = bucketStarts(range, now);
  const byBucket = new Map((overTime.data?.rows ?? []).map((row) => [row.bucket, row]));
  const values = (pick: (row: UsageRow) => number) => starts.map((start) => (byBucket.has(start) ? pick(byBucket.get(start)!) : 0));
  const groups = new Map<string, { requests: number; errors: number; inputTokens: number; outputTokens: number; costUsd: number; latency: number }>();
  for (const row of grouped.data?.rows ?? []) {
    const name = row.group ?? "";
    const entry = groups.get(name) ?? { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, latency: 0 };
    entry.requests += row.requests;
    entry.errors += row.errors;
    entry.inputTokens += row.inputTokens;
    entry.outputTokens += row.outputTokens;
    entry.costUsd += row.costUsd;
    entry.latency += row.averageLatencyMs * row.requests;
    groups.set(name, entry);
  }
  const groupName = (name: string) => (groupBy === "key" ? (name === "0" ? "no key" : (keyNames.get(name) ?? `key #${name}`)) : name || "—");
  const exportQuery = new URLSearchParams(filters);
  const exportUrl = `/api/usage/export?${exportQuery}`;

  return html`
    <${PageHeader} title="Usage & costs" description="Requests, tokens and spend from the hourly rollup; export the request log as CSV.">
      <${RangePicker} value=${range} onChange=${setRange} />
      <a class="button" href=${exportUrl} download>Export CSV</a>
    </${PageHeader}>
    <section class="card" aria-label="Filters">
      <div class="form-grid">
        <${SelectField} label="API key" name="filter-key" value=${apiKeyId} onChange=${setApiKeyId}
          options=${[{ value: "", label: "All keys" }, { value: "0", label: "No key" }, ...(keys.data?.keys ?? []).map((key) => ({ value: String(key.id), label: key.name }))]} />
        <${SelectField} label="Model" name="filter-model" value=${model} onChange=${setModel}
          options=${[{ value: "", label: "All models" }, ...(overTime.data?.models ?? []).map((name) => ({ value: name, label: name }))]} />
        <${SelectField} label="Provider" name="filter-provider" value=${provider} onChange=${setProvider}
          options=${[{ value: "", label: "All providers" }, ...(overTime.data?.providers ?? []).map((name) => ({ value: name, label: name }))]} />
        <${SelectField} label="Group table by" name="group-by" value=${groupBy} onChange=${(value: string) => setGroupBy(value as GroupBy)}
          options=${[{ value: "model", label: "Model" }, { value: "key", label: "API key" }, { value: "provider", label: "Provider" }]} />
      </div>
    </section>
    ${overTime.error ? html`<p class="error-text" role="alert">${overTime.error}</p>` : null}
    <div class="grid two" style="margin-top:1rem">
      <section class="card" aria-labelledby="usage-requests"><h2 id="usage-requests">Requests</h2>
        <${LineChart} title="Requests" labels=${starts.map((start) => formatBucket(start, bucket))} format=${formatCompact} series=${[{ label: "Requests", color: "var(--chart-1)", values: values((row) => row.requests) }, { label: "Errors", color: "var(--chart-4)", values: values((row) => row.errors) }]} />
      </section>
      <section class="card" aria-labelledby="usage-cost"><h2 id="usage-cost">Cost</h2>
        <${LineChart} title="Cost" integers=${false} labels=${starts.map((start) => formatBucket(start, bucket))} format=${formatCost} series=${[{ label: "Cost (USD)", color: "var(--chart-3)", values: values((row) => row.costUsd) }]} />
      </section>
    </div>
    <section class="table-wrap" style="margin-top:1rem" aria-label="Usage by group">
      <table class="cards">
        <thead><tr><th scope="col">${groupBy === "key" ? "API key" : groupBy === "model" ? "Model" : "Provider"}</th><th scope="col" class="number">Requests</th><th scope="col" class="number">Errors</th><th scope="col" class="number">Input tokens</th><th scope="col" class="number">Output tokens</th><th scope="col" class="number">Avg latency</th><th scope="col" class="number">Cost</th></tr></thead>
        <tbody>
          ${groups.size === 0 ? html`<tr><td colspan="7" class="empty">No requests in this range.</td></tr>` : null}
          ${[...groups.entries()].sort((left, right) => right[1].requests - left[1].requests).map(
            ([name, entry]) => html`<tr>
              <td data-label="Name" class="mono">${groupName(name)}</td>
              <td data-label="Requests" class="number">${formatInteger(entry.requests)}</td>
              <td data-label="Errors" class="number">${formatInteger(entry.errors)} <span class="muted small">${formatPercent(entry.errors / Math.max(1, entry.requests))}</span></td>
              <td data-label="Input" class="number">${formatInteger(entry.inputTokens)}</td>
              <td data-label="Output" class="number">${formatInteger(entry.outputTokens)}</td>
              <td data-label="Latency" class="number">${formatDuration(entry.latency / Math.max(1, entry.requests))}</td>
              <td data-label="Cost" class="number">${formatCost(entry.costUsd)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>
  `;
}
