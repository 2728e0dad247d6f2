// A one-line-per-row table laid out for a given display width: least important columns dropped first, long text cut with "…".
import { clusters, displayWidth } from './display-width.js';

export interface FitColumn {
  header: string;
  align?: 'left' | 'right';
  /** Dropped when the table does not fit: 1 goes first, then 2…; undefined is never dropped. */
  drop?: number;
  /** May be cut down to this display width (with "…") before any column is dropped. */
  min?: number;
  /** Also dropped (in drop order) while a column that may shrink is still cut: its room goes to that text. */
  yields?: boolean;
}

/** Plain text (measured and cut) and how to colour it once cut. */
export interface FitCell {
  text: string;
  paint?: (s: string) => string;
}

export type Cell = string | FitCell;

const GAP = '  ';

/** Cut text to at most `width` display columns, ending with "…" when anything was cut (CJK counts 2). */
export function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const segment of clusters(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/**
 * Break text into lines of at most `width` display columns: at a space, or beside a wide (CJK)
 * character, which Chinese text may break anywhere; a word longer than the width is cut hard.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    let breakAt = -1; // where `line` may be broken: the length of its head
    for (const segment of clusters(paragraph)) {
      const w = displayWidth(segment);
      if (used + w > width && line !== '') {
        const head = breakAt > 0 ? line.slice(0, breakAt) : line;
        lines.push(head.trimEnd());
        line = line.slice(head.length).trimStart();
        used = displayWidth(line);
        breakAt = -1;
      }
      if (w > 1 && line !== '') breakAt = line.length;
      line += segment;
      used += w;
      if (segment === ' ' || w > 1) breakAt = line.length;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

export interface FitResult {
  lines: string[];
  /** Headers of the columns left out to fit the width. */
  dropped: string[];
}

/**
 * Lay rows out within `width` display columns (undefined: every column at its full width). Columns
 * that may shrink are cut to their minimum before the next column in the drop order is left out;
 * the room left over is then shared out among the shrinkable columns, narrowest need first.
 */
export function fitTable(columns: readonly FitColumn[], rows: readonly (readonly Cell[])[], width?: number): FitResult {
  const text = (c: Cell | undefined) => (c === undefined ? '' : typeof c === 'string' ? c : c.text);
  const natural = columns.map((col, i) => Math.max(displayWidth(col.header), ...rows.map((r) => displayWidth(text(r[i])))));
  const shown = columns.map(() => true);
  const widths = [...natural];
  if (width !== undefined) {
    const least = (i: number) => {
      const col = columns[i] as FitColumn;
      return col.min === undefined ? (natural[i] as number) : Math.min(natural[i] as number, Math.max(col.min, displayWidth(col.header)));
    };
    const total = (w: (i: number) => number) => {
      const idx = columns.map((_, i) => i).filter((i) => shown[i]);
      return idx.reduce((n, i) => n + w(i), 0) + GAP.length * (idx.length - 1);
    };
    const dropOrder = columns
      .map((c, i) => ({ i, drop: c.drop }))
      .filter((x): x is { i: number; drop: number } => x.drop !== undefined)
      .sort((a, b) => a.drop - b.drop);
    while (total(least) > width && dropOrder.length > 0) shown[(dropOrder.shift() as { i: number }).i] = false;
    const share = () => {
      // Start every shrinkable column at its minimum, then give the spare room to those that need it.
      let spare = width - total(least);
      const growing = columns.map((_, i) => i).filter((i) => shown[i] && columns[i]?.min !== undefined);
      for (const i of columns.keys()) widths[i] = least(i);
      growing.sort((a, b) => (natural[a] as number) - least(a) - ((natural[b] as number) - least(b)));
      for (let k = 0; k < growing.length && spare > 0; k++) {
        const i = growing[k] as number;
        // An even share of what is left among the columns still to grow, never more than it needs.
        const add = Math.min((natural[i] as number) - (widths[i] as number), Math.max(Math.floor(spare / (growing.length - k)), 0));
        widths[i] = (widths[i] as number) + add;
        spare -= add;
      }
      return growing.some((i) => (widths[i] as number) < (natural[i] as number));
    };
    while (share() && dropOrder.length > 0 && columns[(dropOrder[0] as { i: number }).i]?.yields) {
      shown[(dropOrder.shift() as { i: number }).i] = false;
    }
  }
  const idx = columns.map((_, i) => i).filter((i) => shown[i]);
  const line = (cells: readonly Cell[], header: boolean) =>
    idx
      .map((i) => {
        const col = columns[i] as FitColumn;
        const cell = cells[i];
        const w = widths[i] as number;
        const s = cut(text(cell), w);
        const padded = pad(s, i === idx[idx.length - 1] && col.align !== 'right' ? 0 : w, col.align ?? 'left');
        const paint = !header && typeof cell === 'object' ? cell.paint : undefined;
        if (!paint || s === '') return padded;
        // Colour the text only, so the padding stays plain.
        return col.align === 'right' ? padded.slice(0, padded.length - s.length) + paint(s) : paint(s) + padded.slice(s.length);
      })
      .join(GAP)
      .trimEnd();
  return {
    lines: [line(columns.map((c) => c.header), true), ...rows.map((r) => line(r, false))],
    dropped: columns.filter((_, i) => !shown[i]).map((c) => c.header),
  };
}
