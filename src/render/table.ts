// Terminal tables: cli-table3 with CJK-aware widths (a 汉字 takes two columns), quiet borders.
import Table from 'cli-table3';

/** No frame: columns separated by space, as clerks are used to in a terminal. */
const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: ' ',
};

export interface Column {
  header: string;
  align?: 'left' | 'right' | 'center';
}

/** Render rows under headers; cells are already formatted (and coloured) text. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: NO_BORDERS,
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/** A two-column "label: value" block (profiles, summaries). */
export function renderPairs(pairs: readonly (readonly [string, string])[]): string {
  const table = new Table({
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    chars: { ...NO_BORDERS, middle: '' },
  });
  for (const [k, v] of pairs) table.push([k, v]);
  return table.toString();
}
