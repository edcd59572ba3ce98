// A dependency-free SVG line chart: one or more series over time buckets, gridlines on round values, axis labels
// that stay readable at any width (the drawing follows its container's size), a legend, and a text summary for
// screen readers.
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../html.ts";

export type ChartSeries = { label: string; color: string; values: number[] };

type Props = { title: string; labels: string[]; series: ChartSeries[]; format?: (value: number) => string; height?: number; /** Counts: gridlines on whole numbers. */ integers?: boolean };

const padding = { top: 12, right: 12, bottom: 24, left: 56 };
const tickCount = 4;
/** Room an axis label needs, about "10:00 AM" in 11 px type. */
const labelWidth = 64;

/** The smallest round step (1, 2, 2.5, 5 × 10ⁿ) that covers `maximum` in four steps; whole numbers for counts. */
function tickStep(maximum: number, wholeNumbers: boolean): number {
  if (maximum <= 0) return wholeNumbers ? 1 : 0.25;
  const raw = maximum / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  return wholeNumbers ? Math.max(1, Math.ceil(step)) : step;
}

export function LineChart({ title, labels, series, format = String, height = 200, integers = true }: Props) {
  const figure = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = figure.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(240, Math.round(entry!.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const values = series.flatMap((line) => line.values);
  const step = tickStep(Math.max(0, ...values), integers);
  const maximum = step * tickCount;
  const plotWidth = width - padding.left - padding.right;
  const plotHeight = height - padding.top - padding.bottom;
  const x = (index: number) => padding.left + (labels.length <= 1 ? plotWidth / 2 : (index / (labels.length - 1)) * plotWidth);
  const y = (value: number) => padding.top + plotHeight - (value / maximum) * plotHeight;
  const ticks = Array.from({ length: tickCount + 1 }, (_, index) => index * step);
  const labelEvery = Math.max(1, Math.ceil(labels.length / Math.max(2, Math.floor(plotWidth / (labelWidth + 16)))));
  const summary = series.map((line) => `${line.label}: total ${format(line.values.reduce((sum, value) => sum + value, 0))}`).join("; ");
  return html`
    <figure style="margin:0" ref=${figure}>
      <svg class="chart" viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${`${title}. ${summary}`}>
        ${ticks.map(
          (tick) => html`
            <line class="grid-line" x1=${padding.left} x2=${width - padding.right} y1=${y(tick)} y2=${y(tick)} />
            <text class="axis-label" x=${padding.left - 6} y=${y(tick) + 4} text-anchor="end">${format(tick)}</text>
          `,
        )}
        ${labels.map((label, index) => {
          const last = labels.length - 1;
          const shown = index === last || (index % labelEvery === 0 && x(last) - x(index) >= 1.5 * labelWidth);
          if (!shown) return null;
          const anchor = last > 0 && index === 0 ? "start" : last > 0 && index === last ? "end" : "middle";
          return html`<text class="axis-label" x=${x(index)} y=${height - 6} text-anchor=${anchor}>${label}</text>`;
        })}
        ${series.map((line) => {
          const points = line.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
          const area = line.values.length > 1 ? `${x(0)},${y(0)} ${points} ${x(line.values.length - 1)},${y(0)}` : "";
          const dotRadius = line.values.length > 40 || plotWidth / Math.max(1, line.values.length) < 8 ? 0 : 2.5;
          return html`
            <g>
              ${area ? html`<polygon points=${area} fill=${line.color} opacity="0.12" />` : null}
              <polyline points=${points} fill="none" stroke=${line.color} stroke-width="2" stroke-linejoin="round" />
              ${line.values.map((value, index) => html`<circle cx=${x(index)} cy=${y(value)} r=${value > 0 ? Math.max(dotRadius, 3) : dotRadius} fill=${line.color}><title>${labels[index]}: ${format(value)}</title></circle>`)}
            </g>
          `;
        })}
      </svg>
      <figcaption class="chart-legend">${series.map((line) => html`<span><i style=${`background:${line.color}`}></i>${line.label}</span>`)}</figcaption>
    </figure>
  `;
}
