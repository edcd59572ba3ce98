// Overview: requests, tokens, cost, error rate and latency over time, and the top models, keys and providers,
// refreshed live as requests finish.
import { useEffect, useMemo, useState } from "preact/hooks";
import { BarList, type BarItem } from "../components/bar-list.ts";
import { LineChart } from "../components/line-chart.ts";
import { PageHeader } from "../components/page-header.ts";
import { bucketStarts, RangePicker, ranges, type RangeName } from "../components/range-picker.ts";
import { formatBucket, formatCompact, formatCost, formatDuration, formatInteger, formatPercent } from "../format.ts";
import { html } from "../html.ts";
import { subscribeToUsage } from "../live-usage.ts";
import type { ApiKey, UsageRow, UsageSummary } from "../types.ts";
import { useApi } from "../use-api.ts";

const color = (index: number) => `var(--chart-${index})`;

function seriesOf(rows: UsageRow[], starts: number[], value: (row: UsageRow) => number): number[] {
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  return starts.map((start) => {
    const row = byBucket.get(start);
    return row ? value(row) : 0;
  });
}

function topItems(summary: UsageSummary | undefined, name: (group: string) => string): BarItem[] {
  const totals = new Map<string, { requests: number; cost: number }>();
  for (const row of summary?.rows ?? []) {
    const key = name(row.group ?? "");
    const entry = totals.get(key) ?? { requests: 0, cost: 0 };
    entry.requests += row.requests;
    entry.cost += row.costUsd;
    totals.set(key, entry);
  }
  return [...totals.entries()]
    .map(([itemName, entry]) => ({ name: itemName, value: entry.requests, detail: formatCost(entry.cost) }))
    .sort((left, right) => right.value - left.value)
    .slice(0, 6);
}

export default function OverviewPage() {
  const [range, setRange] = useState<RangeName>("24h");
  const [now, setNow] = useState(Date.now());
  const { bucket, milliseconds } = ranges[range];
  const query = `from=${now - milliseconds}&to=${now + 1}&bucket=${bucket}`;
  const series = useApi<UsageSummary>(`/api/usage?${query}`);
  const models = useApi<UsageSummary>(`/api/usage?${query}&groupBy=model`);
  const keys = useApi<UsageSummary>(`/api/usage?${query}&groupBy=key`);
  const providers = useApi<UsageSummary>(`/api/usage?${query}&groupBy=provider`);
  const keyList = useApi<{ keys: ApiKey[] }>("/api/keys");
  const [live, setLive] = useState(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribeToUsage(() => {
      setLive((count) => count + 1);
      clearTimeout(timer);
      timer = setTimeout(() => setNow(Date.now()), 400);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);

  const starts = useMemo(() => bucketStarts(range, now), [range, now]);
  const labels = starts.map((start) => formatBucket(start, bucket));
  const rows = series.data?.rows ?? [];
  const totals = series.data?.totals ?? { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const latency = rows.reduce((sum, row) => sum + row.averageLatencyMs * row.requests, 0) / Math.max(1, totals.requests);
  const keyNames = new Map((keyList.data?.keys ?? []).map((key) => [String(key.id), key.name]));
  const keyName = (group: string) => (group === "0" || group === "" ? "no key" : (keyNames.get(group) ?? `key #${group}`));

  return html`
    <${PageHeader} title="Overview" description="Traffic through the gateway, updated live as requests finish.">
      ${live > 0 ? html`<span class="badge ok" aria-live="polite"><span class="live-dot"></span>${live} new</span>` : html`<span class="badge"><span class="live-dot"></span>Live</span>`}
      <${RangePicker} value=${range} onChange=${(next: RangeName) => { setRange(next); setNow(Date.now()); }} />
    </${PageHeader}>
    ${series.error ? html`<p class="error-text" role="alert">${series.error}</p>` : null}
    <section class="stats" aria-label="Totals">
      <div class="stat"><div class="label">Requests</div><div class="value" data-stat="requests">${formatInteger(totals.requests)}</div></div>
      <div class="stat"><div class="label">Tokens</div><div class="value">${formatCompact(totals.inputTokens + totals.outputTokens)}</div></div>
      <div class="stat"><div class="label">Cost</div><div class="value">${formatCost(totals.costUsd)}</div></div>
      <div class="stat"><div class="label">Error rate</div><div class="value">${formatPercent(totals.errors / Math.max(1, totals.requests))}</div></div>
      <div class="stat"><div class="label">Avg latency</div><div class="value">${totals.requests ? formatDuration(latency) : "—"}</div></div>
    </section>
    <div class="grid two">
      <section class="card" aria-labelledby="chart-requests" data-chart="requests">
        <h2 id="chart-requests">Requests</h2>
        <${LineChart} title="Requests and errors" labels=${labels} format=${formatCompact}
          series=${[{ label: "Requests", color: color(1), values: seriesOf(rows, starts, (row) => row.requests) }, { label: "Errors", color: color(4), values: seriesOf(rows, starts, (row) => row.errors) }]} />
      </section>
      <section class="card" aria-labelledby="chart-tokens">
        <h2 id="chart-tokens">Tokens</h2>
        <${LineChart} title="Input and output tokens" labels=${labels} format=${formatCompact}
          series=${[{ label: "Input", color: color(1), values: seriesOf(rows, starts, (row) => row.inputTokens) }, { label: "Output", color: color(2), values: seriesOf(rows, starts, (row) => row.outputTokens) }]} />
      </section>
      <section class="card" aria-labelledby="chart-cost">
        <h2 id="chart-cost">Cost</h2>
        <${LineChart} title="Cost in USD" labels=${labels} format=${formatCost} integers=${false} series=${[{ label: "Cost (USD)", color: color(3), values: seriesOf(rows, starts, (row) => row.costUsd) }]} />
      </section>
      <section class="card" aria-labelledby="chart-latency">
        <h2 id="chart-latency">Latency</h2>
        <${LineChart} title="Average latency" labels=${labels} format=${(value: number) => formatDuration(value)} series=${[{ label: "Average latency", color: color(2), values: seriesOf(rows, starts, (row) => row.averageLatencyMs) }]} />
      </section>
    </div>
    <div class="grid three" style="margin-top:1rem">
      <section class="card" aria-labelledby="top-models"><h2 id="top-models">Top models</h2><${BarList} items=${topItems(models.data, (group) => group || "unknown")} format=${formatInteger} /></section>
      <section class="card" aria-labelledby="top-keys"><h2 id="top-keys">Top keys</h2><${BarList} items=${topItems(keys.data, keyName)} format=${formatInteger} /></section>
      <section class="card" aria-labelledby="top-providers"><h2 id="top-providers">Top providers</h2><${BarList} items=${topItems(providers.data, (group) => group || "none")} format=${formatInteger} /></section>
    </div>
  `;
}
