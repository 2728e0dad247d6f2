// Terminal tables: columns sized by display width (a 汉字 takes two columns, colour codes none), quiet borders.
// Written for speed rather than taken from cli-table3, whose per-cell option merging and repeated width
// measuring were most of `due`'s time at a few hundred rows; the layout is cli-table3's, byte for byte
// (test/unit/table.test.ts compares the two).
import { COLOUR_CODE, displayWidth } from './display-width.js';

export interface Column {
  header: string;
  align?: 'left' | 'right' | 'center';
}

type Align = NonNullable<Column['align']>;

interface Layout {
  paddingLeft: number;
  paddingRight: number;
  /** Between two columns (there is no frame around the table). */
  separator: string;
}

/** Render rows under headers; cells are already formatted (and coloured) text. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  return layOut(
    [columns.map((c) => c.header), ...rows],
    columns.map((c) => c.align ?? 'left'),
    // No frame: columns separated by space, as clerks are used to in a terminal.
    { paddingLeft: 1, paddingRight: 1, separator: ' ' },
  );
}

/** A two-column "label: value" block (profiles, summaries). */
export function renderPairs(pairs: readonly (readonly [string, string])[]): string {
  return layOut(pairs, [], { paddingLeft: 0, paddingRight: 2, separator: '' });
}

function layOut(rows: readonly (readonly string[])[], aligns: readonly Align[], layout: Layout): string {
  const { paddingLeft, paddingRight, separator } = layout;
  // Callers give every row a cell per column; a short row would get empty cells.
  const columnCount = Math.max(0, ...rows.map((r) => r.length));
  const cells = rows.map((row) => Array.from({ length: columnCount }, (_, x) => toCell(row[x] ?? '')));
  const widths = Array.from({ length: columnCount }, (_, x) =>
    Math.max(...cells.map((row) => (row[x] as Cell).width + paddingLeft + paddingRight)),
  );
  const out: string[] = [];
  for (const row of cells) {
    const height = Math.max(...row.map((c) => c.lines.length));
    for (let n = 0; n < height; n++) {
      out.push(
        row
          .map((cell, x) => {
            const width = widths[x] as number;
            const line = cell.lines[n];
            const text =
              line === undefined
                ? ' '.repeat(width)
                : ' '.repeat(paddingLeft) + pad(line, width - paddingLeft - paddingRight, aligns[x] ?? 'left') + ' '.repeat(paddingRight);
            return x === 0 ? text : separator + text;
          })
          .join(''),
      );
    }
  }
  return out.join('\n');
}

interface Cell {
  lines: Line[];
  /** The widest line. */
  width: number;
}

interface Line {
  text: string;
  width: number;
}

function toCell(content: string): Cell {
  const split = content.split('\n');
  const texts = content.includes('\u001b') ? colourEachLine(split) : split;
  const lines = texts.map((text) => ({ text, width: displayWidth(text) }));
  return { lines, width: Math.max(...lines.map((l) => l.width)) };
}

function pad(line: Line, width: number, align: Align): string {
  const room = width - line.width;
  if (align === 'right') return ' '.repeat(room) + line.text;
  if (align === 'center') return ' '.repeat(room - Math.ceil(room / 2)) + line.text + ' '.repeat(Math.ceil(room / 2));
  return line.text + ' '.repeat(room);
}

/** The styles whose state carries over a line break, with the codes that switch them on and off. */
const STYLES: ReadonlyMap<string, { on: string; off: string }> = new Map(
  (
    [
      ['bold', 1, 22],
      ['italic', 3, 23],
      ['underline', 4, 24],
      ['inverse', 7, 27],
      ['strikethrough', 9, 29],
    ] as const
  ).map(([name, on, off]) => [name, { on: esc(on), off: esc(off) }]),
);
function esc(code: number): string {
  return `\u001b[${code}m`;
}

/** What is switched on at the end of a line: the last foreground and background codes, and the styles in order of first use. */
interface Colours {
  foreground?: string;
  background?: string;
  styles: Map<string, boolean>;
}

/**
 * A coloured cell broken over lines: each line closes what is still switched on at its end, and the
 * next line switches it on again, so that neither the padding nor the next column takes the colour.
 */
function colourEachLine(lines: readonly string[]): string[] {
  let carried: Colours = { styles: new Map() };
  return lines.map((line) => {
    const reopened = opening(carried) + line;
    carried = coloursAtEnd(reopened);
    return reopened + closing(carried);
  });
}

function coloursAtEnd(line: string): Colours {
  const colours: Colours = { styles: new Map() };
  for (const [code, params] of line.matchAll(COLOUR_CODE)) {
    const first = params ? parseInt(params.split(';')[0] as string, 10) : 0;
    if ((first >= 30 && first <= 39) || (first >= 90 && first <= 97)) colours.foreground = code;
    else if ((first >= 40 && first <= 49) || (first >= 100 && first <= 107)) colours.background = code;
    else if (first === 0) {
      delete colours.foreground;
      delete colours.background;
      colours.styles.clear();
    } else {
      for (const [name, { on, off }] of STYLES) {
        if (code === on) colours.styles.set(name, true);
        if (code === off) colours.styles.set(name, false);
      }
    }
  }
  return colours;
}

/** The styles switched on, in order of first use. */
const stylesOn = (styles: Colours['styles']) => [...styles].filter(([, isOn]) => isOn).map(([name]) => STYLES.get(name) as { on: string; off: string });

function opening({ foreground, background, styles }: Colours): string {
  const on = stylesOn(styles).map((s) => s.on);
  return (
    (foreground && foreground !== esc(39) ? foreground : '') +
    (background && background !== esc(49) ? background : '') +
    on.reverse().join('')
  );
}

function closing({ foreground, background, styles }: Colours): string {
  return stylesOn(styles).map((s) => s.off).join('') + (background && background !== esc(49) ? esc(49) : '') + (foreground && foreground !== esc(39) ? esc(39) : '');
}
