// The time range every usage view shares: last 24 hours (hourly), 7 or 30 days (daily).
import { html } from "../html.ts";

export type RangeName = "24h" | "7d" | "30d";

export const ranges: Record<RangeName, { label: string; milliseconds: number; bucket: "hour" | "day" }> = {
  "24h": { label: "24 hours", milliseconds: 86_400_000, bucket: "hour" },
  "7d": { label: "7 days", milliseconds: 7 * 86_400_000, bucket: "day" },
  "30d": { label: "30 days", milliseconds: 30 * 86_400_000, bucket: "day" },
};

/** Bucket start times from `from` to now, so a quiet hour shows as zero instead of disappearing. */
export function bucketStarts(range: RangeName, now = Date.now()): number[] {
  const { milliseconds, bucket } = ranges[range];
  const size = bucket === "hour" ? 3_600_000 : 86_400_000;
  const last = Math.floor(now / size) * size;
  const first = Math.floor((now - milliseconds) / size) * size + size;
  const starts: number[] = [];
  for (let start = first; start <= last; start += size) starts.push(start);
  return starts;
}

export function RangePicker({ value, onChange }: { value: RangeName; onChange: (range: RangeName) => void }) {
  return html`
    <div class="segmented" role="group" aria-label="Time range">
      ${(Object.keys(ranges) as RangeName[]).map((name) => html`<button type="button" aria-pressed=${name === value} onClick=${() => onChange(name)}>${ranges[name].label}</button>`)}
    </div>
  `;
}
