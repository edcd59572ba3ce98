// Health of the routes: open circuit breakers, cooling-down connections and locked models, each with a live
// countdown to recovery.
import { useEffect, useState } from "preact/hooks";
import { formatDuration } from "../format.ts";
import { html } from "../html.ts";
import { useApi } from "../use-api.ts";

type Entry = Record<string, unknown>;
type Snapshot = { now: number; available: boolean; breakers: Entry[]; cooldowns: Entry[]; lockouts: Entry[] };

const text = (entry: Entry, ...names: string[]) => names.map((name) => entry[name]).find((value) => typeof value === "string" || typeof value === "number");
const untilOf = (entry: Entry) => [entry.openUntil, entry.until, entry.lockedUntil].find((value): value is number => typeof value === "number");

export function ResiliencePanel() {
  const snapshot = useApi<Snapshot>("/api/health/resilience");
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const ticker = setInterval(() => setNow(Date.now()), 1000);
    const refresher = setInterval(() => void snapshot.reload(), 10_000);
    return () => {
      clearInterval(ticker);
      clearInterval(refresher);
    };
  }, [snapshot.reload]);
  const data = snapshot.data;
  const recovery = (entry: Entry) => {
    const until = untilOf(entry);
    return until && until > now ? `recovers in ${formatDuration(until - now)}` : "recovering";
  };
  const rows = [
    ...(data?.breakers ?? []).filter((entry) => entry.state !== "closed").map((entry) => ({ kind: "Circuit breaker", subject: String(text(entry, "providerId") ?? ""), state: String(text(entry, "state") ?? ""), entry })),
    ...(data?.cooldowns ?? []).map((entry) => ({ kind: "Cooldown", subject: String(text(entry, "connectionName", "connection") ?? ""), state: String(text(entry, "reason") ?? "rate limited"), entry })),
    ...(data?.lockouts ?? []).map((entry) => ({ kind: "Lockout", subject: `${text(entry, "connectionName", "connection") ?? ""}/${text(entry, "model") ?? ""}`, state: String(text(entry, "reason") ?? "locked"), entry })),
  ];
  return html`
    <section class="card" aria-labelledby="health-title">
      <div class="row between"><h2 id="health-title">Health</h2><button class="button small" type="button" onClick=${() => snapshot.reload()}>Refresh</button></div>
      ${snapshot.error ? html`<p class="error-text">${snapshot.error}</p>` : null}
      ${data && !data.available ? html`<p class="muted small">This build does not track breakers and cooldowns yet.</p>` : null}
      ${rows.length === 0
        ? html`<p class="muted small" data-health="ok"><span class="badge ok">All clear</span> No open breakers, cooldowns or lockouts.</p>`
        : html`<div class="table-wrap"><table>
            <thead><tr><th scope="col">Kind</th><th scope="col">Target</th><th scope="col">Why</th><th scope="col">Recovery</th></tr></thead>
            <tbody>${rows.map((row) => html`<tr><td><span class="badge warn">${row.kind}</span></td><td class="mono">${row.subject}</td><td>${row.state}</td><td>${recovery(row.entry)}</td></tr>`)}</tbody>
          </table></div>`}
    </section>
  `;
}
