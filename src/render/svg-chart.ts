// Plain inline SVG charts for the report page: a line chart with target lines and a horizontal bar chart with a reference line; every text escaped.
//
// Plain SVG rather than a charting library: the page must be self-contained and print the same on
// any machine, the two chart kinds it needs are a few dozen lines, and we control every element (so
// the browser test can find each series and each number by its data attributes).

/** Text and attribute values for HTML and SVG. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export interface LineSeries {
  /** The series' id, written as `data-series` so a reader (or a test) can find it. */
  id: string;
  name: string;
  color: string;
  values: (number | null)[];
  /** A horizontal target line in the series' colour, with its label. */
  target?: { value: number; label: string };
}

export interface LineChart {
  id: string;
  title: string;
  labels: string[];
  series: LineSeries[];
  min: number;
  max: number;
  /** Gridlines and their axis labels. */
  ticks: number[];
  format: (v: number) => string;
  width?: number;
  height?: number;
}

/** Points joined month to month; a month without a value breaks the line rather than bridging it. */
export function lineChart(c: LineChart): string {
  const width = c.width ?? 700;
  const height = c.height ?? 220;
  const left = 52;
  const right = 96;
  const top = 14;
  const bottom = 26;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const step = c.labels.length > 1 ? plotW / (c.labels.length - 1) : 0;
  const x = (i: number) => round1(left + i * step);
  const y = (v: number) => round1(top + plotH - ((Math.min(Math.max(v, c.min), c.max) - c.min) / (c.max - c.min || 1)) * plotH);
  const parts: string[] = [];
  for (const tick of c.ticks) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e3e3e3" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="11" fill="#666">${esc(c.format(tick))}</text>`);
  }
  c.labels.forEach((label, i) => {
    parts.push(`<text x="${x(i)}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#444">${esc(label)}</text>`);
  });
  // Targets close together (98% and 95%) would print their labels on top of each other: push them apart.
  const targets = c.series
    .flatMap((s) => (s.target ? [{ s, target: s.target, y: y(s.target.value) }] : []))
    .sort((a, b) => a.y - b.y);
  let labelY = -Infinity;
  for (const { s, target, y: ty } of targets) {
    labelY = Math.max(ty + 4, labelY + 13);
    parts.push(
      `<g data-target="${esc(s.id)}" data-value="${target.value}"><line x1="${left}" x2="${left + plotW}" y1="${ty}" y2="${ty}" stroke="${s.color}" stroke-width="1.2" stroke-dasharray="5 4"/>` +
        `<text x="${left + plotW + 6}" y="${labelY}" font-size="11" fill="${s.color}">${esc(target.label)}</text></g>`,
    );
  }
  for (const s of c.series) {
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null) runs.push([]);
      else (runs[runs.length - 1] as string[]).push(`${x(i)},${y(v)}`);
    });
    const lines = runs
      .filter((r) => r.length > 1)
      .map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2.2" stroke-linejoin="round"/>`);
    const dots = s.values.map((v, i) =>
      v === null
        ? ''
        : `<circle cx="${x(i)}" cy="${y(v)}" r="3.2" fill="${s.color}" data-month="${esc(c.labels[i] ?? '')}" data-value="${v}"><title>${esc(`${s.name} ${c.labels[i] ?? ''}: ${c.format(v)}`)}</title></circle>`,
    );
    parts.push(`<g data-series="${esc(s.id)}">${lines.join('')}${dots.join('')}</g>`);
  }
  return svg(c.id, c.title, width, height, parts);
}

export interface Bar {
  label: string;
  value: number;
  /** The text after the bar: the value as the reader should read it, with met/missed in words. */
  text: string;
  /** A tick across this bar: its own target (a week's quota). */
  target?: number;
  /** Drawn in the warning colour (the text must say why too: colour is never the only mark). */
  warn?: boolean;
  /** Extra data attributes for the bar's group, so a test can read the numbers. */
  data?: Record<string, string | number>;
}

export interface BarChart {
  id: string;
  title: string;
  bars: Bar[];
  max: number;
  /** A vertical line across every bar (the 90% completion line), with its label. */
  line?: { value: number; label: string };
  width?: number;
  labelWidth?: number;
  textWidth?: number;
}

const BAR_COLOR = '#2f6db5';
const WARN_COLOR = '#c0392b';

export function barChart(c: BarChart): string {
  const width = c.width ?? 700;
  const labelW = c.labelWidth ?? 110;
  const textW = c.textWidth ?? 170;
  const row = 22;
  const top = c.line ? 18 : 4;
  const height = top + c.bars.length * row + 4;
  const plotW = width - labelW - textW;
  const x = (v: number) => round1(labelW + (Math.min(Math.max(v, 0), c.max) / (c.max || 1)) * plotW);
  const parts: string[] = [];
  c.bars.forEach((b, i) => {
    const y = top + i * row;
    const data = Object.entries(b.data ?? {})
      .map(([k, v]) => ` data-${k}="${esc(v)}"`)
      .join('');
    const end = x(b.value);
    parts.push(
      `<g class="bar"${data}>` +
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12" fill="#222">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${round1(Math.max(end - labelW, 0))}" height="${row - 8}" fill="${b.warn ? WARN_COLOR : BAR_COLOR}"/>` +
        (b.target === undefined ? '' : `<line x1="${x(b.target)}" x2="${x(b.target)}" y1="${y}" y2="${y + row - 2}" stroke="#222" stroke-width="2"/>`) +
        `<text x="${labelW + plotW + 8}" y="${y + 15}" font-size="12" fill="${b.warn ? WARN_COLOR : '#222'}">${esc(b.text)}</text>` +
        '</g>',
    );
  });
  if (c.line) {
    const lx = x(c.line.value);
    parts.push(
      `<g data-line="${c.line.value}"><line x1="${lx}" x2="${lx}" y1="${top - 4}" y2="${height}" stroke="#222" stroke-width="1.2" stroke-dasharray="4 3"/>` +
        `<text x="${lx}" y="${top - 7}" text-anchor="middle" font-size="11" fill="#222">${esc(c.line.label)}</text></g>`,
    );
  }
  return svg(c.id, c.title, width, height, parts);
}

function svg(id: string, title: string, width: number, height: number, parts: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" data-chart="${esc(id)}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>${parts.join('')}</svg>`
  );
}
